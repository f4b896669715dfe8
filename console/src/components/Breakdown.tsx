// S-6: a settlement's breakdown and its rule trace, explained in plain words as a clerk would.
import { Card, Col, Descriptions, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { Schemas } from '../api/client';
import { percent, timestamp, yuan } from '../format';
import { useLabel, useLang, useSchemeLabel, useT } from '../i18n';
import { StatusTag } from './StatusTag';

type Settlement = Schemas['Settlement'];
type Step = Settlement['ruleTrace'][number];

const STEP_WORDS: Record<string, [string, string]> = {
  policy: ['适用参保地政策', "Insured region's policy"],
  filing: ['备案情况', 'Filing'],
  'filing-compared': ['备案比较', 'Filings compared'],
  'injury-statement': ['无第三方责任外伤承诺', 'No-third-party statement'],
  'b-line': ['乙类先行自付', 'Class B self share'],
  total: ['费用总额', 'Total'],
  eligible: ['符合范围费用', 'Eligible amount'],
  'base-ratio': ['基本支付比例', 'Base ratio'],
  'retired-bonus': ['退休人员增加', 'Retired bonus'],
  reduction: ['降低支付比例', 'Reduction'],
  'own-fault': ['本人原因未直接结算', 'Own fault'],
  deductible: ['起付标准', 'Deductible'],
  ratio: ['实际支付比例', 'Ratio applied'],
  'fund-before-cap': ['封顶前统筹支付', 'Fund before the cap'],
  'annual-cap': ['年度最高支付限额', 'Annual cap'],
  fund: ['统筹基金支付', 'Fund pays'],
  personal: ['个人负担', 'Person pays'],
  accumulator: ['计入年度累计', 'Annual accumulator'],
};

/** Steps whose value is percentage points added to or taken off the ratio (S-3, S-4). */
const POINT_STEPS = ['reduction', 'own-fault', 'retired-bonus'];

/** One sentence a clerk would say at the counter. */
function explanation(s: Settlement, lang: 'zh' | 'en', label: (v: string) => string): string {
  const reduction = s.reductions.filter((r) => r.points > 0);
  const why = reduction
    .map((r) => (lang === 'zh' ? `${label(r.reason)}降低 ${r.points} 个百分点` : `${label(r.reason)} −${r.points} points`))
    .join(lang === 'zh' ? '，' : ', ');
  if (lang === 'zh') {
    return (
      `本次费用 ${yuan(s.totalFen)} 元，其中符合医保范围 ${yuan(s.eligibleFen)} 元；扣除起付标准 ${yuan(s.deductibleFen)} 元后，` +
      `按 ${percent(s.ratioPercent)} 支付（基本比例 ${percent(s.basePercent)}${why ? `，${why}` : ''}），` +
      `统筹基金支付 ${yuan(s.fundFen)} 元${s.capAppliedFen ? `（因年度限额少付 ${yuan(s.capAppliedFen)} 元）` : ''}，个人负担 ${yuan(s.personalFen)} 元。`
    );
  }
  return (
    `The bill is ${yuan(s.totalFen)} yuan, of which ${yuan(s.eligibleFen)} is eligible; after the deductible of ${yuan(s.deductibleFen)}, ` +
    `the fund pays ${percent(s.ratioPercent)} (base ${percent(s.basePercent)}${why ? `, ${why}` : ''}): ${yuan(s.fundFen)} yuan` +
    `${s.capAppliedFen ? ` (${yuan(s.capAppliedFen)} cut by the annual cap)` : ''}; the person pays ${yuan(s.personalFen)} yuan.`
  );
}

export function Breakdown({ settlement: s }: { settlement: Settlement }) {
  const t = useT();
  const lang = useLang();
  const label = useLabel();
  const scheme = useSchemeLabel();
  return (
    <Card
      data-testid="breakdown"
      title={
        <span>
          {s.stored ? `${t('结算单', 'Settlement')} ${s.id ?? ''}` : t('试算结果（未保存）', 'Quote (nothing stored)')}{' '}
          <StatusTag value={s.status} />
        </span>
      }
    >
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('费用总额(元)', 'Total (yuan)')} value={yuan(s.totalFen)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('统筹支付(元)', 'Fund pays (yuan)')} value={yuan(s.fundFen)} valueStyle={{ color: '#1d5fa8' }} />
        </Col>
        <Col span={6}>
          <Statistic title={t('个人负担(元)', 'Person pays (yuan)')} value={yuan(s.personalFen)} />
        </Col>
        <Col span={6}>
          <Statistic title={t('支付比例', 'Ratio')} value={percent(s.ratioPercent)} />
        </Col>
      </Row>
      <Typography.Paragraph style={{ marginTop: 16, background: '#f6f8fa', padding: 12 }} data-testid="explanation">
        {explanation(s, lang, label)}
      </Typography.Paragraph>
      <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('身份证号', 'Person ID')}>{s.personId}</Descriptions.Item>
        <Descriptions.Item label={t('险种/人员类别', 'Scheme / category')}>
          {scheme(s.scheme)} · {label(s.personCategory)}
        </Descriptions.Item>
        <Descriptions.Item label={t('就诊', 'Visit')}>
          {label(s.visitType)} · {s.admissionDate}
          {s.dischargeDate ? ` ~ ${s.dischargeDate}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('医疗机构', 'Institution')}>
          {s.hospitalId} ({t(`${s.hospitalLevel} 级`, `level ${s.hospitalLevel}`)})
        </Descriptions.Item>
        <Descriptions.Item label={t('政策', 'Policy')}>
          {s.policyRegion} {s.policyVersion}
        </Descriptions.Item>
        <Descriptions.Item label={t('备案', 'Filing')}>
          {s.filingId ?? t('无（急诊或未备案）', 'none (emergency or unfiled)')}
        </Descriptions.Item>
        <Descriptions.Item label={t('结算时间', 'Settled at')}>{timestamp(s.settledAt)}</Descriptions.Item>
        <Descriptions.Item label={t('清算期', 'Period')}>{s.period ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('年度累计', 'Accumulator')}>
          {t('起付', 'deductible')} {yuan(s.accumulator.deductibleFen)} · {t('基金', 'fund')} {yuan(s.accumulator.fundFen)}
        </Descriptions.Item>
        {s.reversal ? (
          <Descriptions.Item label={t('冲正', 'Reversal')} span={3}>
            {s.reversal.id} · {timestamp(s.reversal.reversedAt)} · {s.reversal.reason}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={5}>{t('计算过程（规则依据）', 'How it was computed (rule trace)')}</Typography.Title>
      <Table<Step>
        size="small"
        aria-label={t('规则计算过程', 'Rule trace')}
        data-testid="rule-trace"
        pagination={false}
        rowKey={(step) => `${step.rule}-${step.step}-${step.detail}`}
        dataSource={s.ruleTrace}
        columns={[
          { key: 'rule', title: t('规则', 'Rule'), width: 70, render: (_: unknown, step: Step) => <Tag>{step.rule}</Tag> },
          {
            key: 'step',
            title: t('步骤', 'Step'),
            width: 170,
            render: (_: unknown, step: Step) => (STEP_WORDS[step.step] ? STEP_WORDS[step.step][lang === 'zh' ? 0 : 1] : step.step),
          },
          {
            key: 'value',
            title: t('数值', 'Value'),
            width: 120,
            align: 'right',
            render: (_: unknown, step: Step) =>
              step.valueFen !== undefined
                ? `${yuan(step.valueFen)} ${t('元', 'yuan')}`
                : step.valuePercent === undefined
                  ? ''
                  : POINT_STEPS.includes(step.step)
                    ? t(`${step.valuePercent} 个百分点`, `${step.valuePercent} points`)
                    : percent(step.valuePercent),
          },
          { key: 'detail', title: t('说明', 'Explanation'), render: (_: unknown, step: Step) => step.detail },
        ]}
      />
    </Card>
  );
}
