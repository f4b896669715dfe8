// U-1 / P-2, P-3: clearing periods of the caller's pairs, with reconciliation, exceptions to
// resolve, the statement, the three rates drawn, delay report and payment. The API serves these
// endpoints once the clearing work lands; until then the page says so (Requires).
import { Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { downloadWithKey, requestUntyped, type ApiError } from '../../api/client';
import { itemsOf, type PlannedClearing } from '../../api/planned';
import { ActionButton } from '../../components/ActionButton';
import { CaseTimeline } from '../../components/CaseTimeline';
import { Chart } from '../../components/Chart';
import { Countdown } from '../../components/Countdown';
import { DataList } from '../../components/DataList';
import { DateField, EnumField } from '../../components/fields';
import { ActionError } from '../../components/formErrors';
import { Requires } from '../../components/Requires';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { fenFromYuan, percent, todayInShanghai, yuan } from '../../format';
import { useLabel, useT } from '../../i18n';
import { useSession } from '../../session';

export function Clearings() {
  return (
    <Requires ops={['GET /api/v1/clearings']}>
      <ClearingList />
    </Requires>
  );
}

export function ClearingCase() {
  return (
    <Requires ops={['GET /api/v1/clearings/{id}']}>
      <ClearingDetail />
    </Requires>
  );
}

export function useRateChart(rows: PlannedClearing[], t: (zh: string, en: string) => string) {
  return useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: rows.map((r) => `${r.period} ${r.treatmentRegion}`) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('对账率', 'Reconciliation'), type: 'bar', data: rows.map((r) => r.rates?.reconciliationPercent ?? 0) },
        { name: t('结算率', 'Settlement'), type: 'bar', data: rows.map((r) => r.rates?.settlementPercent ?? 0) },
        { name: t('申请率', 'Application'), type: 'bar', data: rows.map((r) => r.rates?.applicationPercent ?? 0) },
      ],
    }),
    [rows, t],
  );
}

function ClearingList() {
  const t = useT();
  const list = useApi(() => requestUntyped<unknown>('GET', '/api/v1/clearings?pageSize=100').then((a) => itemsOf<PlannedClearing>(a)), []);
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => b.period.localeCompare(a.period)), [list.data]);
  const chart = useRateChart([...rows].reverse(), t);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={t('清算率', 'Clearing rates')}>
        <Chart option={chart} label={t('各期对账率、结算率、申请率', 'Reconciliation, settlement and application rates per period')} />
      </Card>
      <Card title={t('清算期', 'Clearing periods')}>
        <ActionError error={list.error} />
        <DataList<PlannedClearing>
          caption={t('清算期', 'Clearing periods')}
          rows={rows}
          rowKey={(c) => c.id}
          fileName="clearings"
          loading={list.loading}
          columns={[
            { key: 'id', title: t('清算号', 'Clearing'), csv: (c) => c.id, render: (c) => <Link to={`/clearings/${c.id}`}>{c.id}</Link> },
            { key: 'period', title: t('期间', 'Period'), csv: (c) => c.period },
            { key: 'pair', title: t('参保地→就医地', 'Insured → treatment'), csv: (c) => `${c.insuredRegion}->${c.treatmentRegion}` },
            { key: 'status', title: t('状态', 'Status'), csv: (c) => c.status, render: (c) => <StatusTag value={c.status} /> },
            { key: 'rec', title: t('对账率', 'Reconciled'), csv: (c) => percent(c.rates?.reconciliationPercent) },
            { key: 'set', title: t('结算率', 'Settled'), csv: (c) => percent(c.rates?.settlementPercent) },
            { key: 'app', title: t('申请率', 'Applied'), csv: (c) => percent(c.rates?.applicationPercent) },
            { key: 'net', title: t('应付净额(元)', 'Net due (yuan)'), csv: (c) => yuan(c.statement?.netDueFen), align: 'right' },
            {
              key: 'due',
              title: t('拨付期限', 'Payment due'),
              csv: (c) => c.dueDate ?? '',
              render: (c) => <Countdown date={c.status === 'PAID' ? null : c.dueDate} compact />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

type Exception = NonNullable<PlannedClearing['exceptions']>[number];

function ClearingDetail() {
  const { id = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const { me } = useSession();
  const {
    data: c,
    error,
    loading,
    reload,
  } = useApi(() => requestUntyped<PlannedClearing>('GET', `/api/v1/clearings/${encodeURIComponent(id)}`), [id]);
  const chart = useRateChart(c ? [c] : [], t);
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  if (loading && !c) return <Spin />;
  if (!c) return <ActionError error={error} />;
  const clerk = me.role === 'INSURED_CLERK';
  const base = `/api/v1/clearings/${encodeURIComponent(c.id)}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('清算', 'Clearing')} {c.period} {c.insuredRegion} → {c.treatmentRegion} <StatusTag value={c.status} />
          </Typography.Title>
          <Space>
            {clerk ? (
              <ActionButton<{ reason: string; expectedDate: string }>
                label={t('延期报告', 'Delay report')}
                title={t('未按期拨付的延期报告（P-3）', 'Delay report (P-3)')}
                submit={(values, keys) =>
                  keys.send(values, (key) =>
                    requestUntyped('POST', `${base}/delay-report`, {
                      body: { reason: values.reason.trim(), expectedDate: values.expectedDate },
                      idempotencyKey: key,
                    }),
                  )
                }
                onDone={reload}
              >
                <Form.Item label={t('原因', 'Reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
                  <Input.TextArea name="reason" rows={2} />
                </Form.Item>
                <DateField name="expectedDate" label={t('预计拨付日', 'Expected date')} required />
              </ActionButton>
            ) : null}
            {clerk && c.statement && !c.payment ? (
              <ActionButton<{ amountYuan: number; paidOn: string; bankFeeYuan?: number }>
                primary
                label={t('登记拨付', 'Record payment')}
                title={t(
                  '登记清算款拨付（P-2，银行手续费计入经办机构管理费用，P-4）',
                  'Record the payment (P-2; bank fees go to admin expense, P-4)',
                )}
                initialValues={{ amountYuan: (c.statement.netDueFen ?? 0) / 100, paidOn: todayInShanghai() }}
                placement={{
                  alias: (name) => (name[0] === 'amountFen' ? ['amountYuan'] : name[0] === 'bankFeeFen' ? ['bankFeeYuan'] : name),
                }}
                submit={(values, keys) => {
                  const body = {
                    amountFen: fenFromYuan(values.amountYuan) ?? 0,
                    paidOn: values.paidOn,
                    bankFeeFen: fenFromYuan(values.bankFeeYuan) ?? 0,
                  };
                  return keys.send(body, (key) => requestUntyped('POST', `${base}/payment`, { body, idempotencyKey: key }));
                }}
                onDone={reload}
              >
                <Form.Item
                  label={t('拨付金额（元，应等于应付净额）', 'Amount (yuan, the net due)')}
                  name="amountYuan"
                  rules={[{ required: true }]}
                >
                  <InputNumber name="amountFen" min={0} precision={2} style={{ width: 200 }} />
                </Form.Item>
                <DateField name="paidOn" label={t('拨付日期', 'Paid on')} required />
                <Form.Item label={t('银行手续费（元）', 'Bank fee (yuan)')} name="bankFeeYuan">
                  <InputNumber name="bankFeeFen" min={0} precision={2} style={{ width: 200 }} />
                </Form.Item>
              </ActionButton>
            ) : null}
            {c.statement ? (
              <Button
                onClick={() => {
                  setDownloadError(null);
                  downloadWithKey(`${base}/statement.csv`, `${c.id}-statement.csv`).catch((err: unknown) =>
                    setDownloadError(err as ApiError),
                  );
                }}
              >
                {t('下载清算单 CSV', 'Statement CSV')}
              </Button>
            ) : null}
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
          </Space>
        </Space>
        <ActionError error={downloadError} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('对账与清算单', 'Reconciliation and statement')}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('下一期限', 'Next deadline')} span={2}>
                <Countdown date={c.nextDeadline?.date ?? (c.status === 'PAID' ? null : c.dueDate)} kind={c.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('延期报告', 'Delay report')} span={2}>
                {c.delayReport ? `${c.delayReport.reason} · ${t('预计', 'expected')} ${c.delayReport.expectedDate}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('拨付', 'Payment')} span={2}>
                {c.payment ? `${yuan(c.payment.amountFen)} · ${c.payment.paidOn}${c.payment.late ? t('（逾期）', ' (late)') : ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('一致', 'Matched')}>{c.reconciliation?.matched ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('对账率', 'Rate')}>{percent(c.reconciliation?.ratePercent)}</Descriptions.Item>
              <Descriptions.Item label={t('仅我方有', 'Only ours')}>{c.reconciliation?.onlyOurs ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('仅对方有', 'Only theirs')}>{c.reconciliation?.onlyTheirs ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('金额不符', 'Amount differs')}>{c.reconciliation?.amountDiffers ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('已处理', 'Resolved')}>{c.reconciliation?.resolved ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('笔数', 'Count')}>{c.statement?.count ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('基金金额', 'Fund')}>{yuan(c.statement?.fundFen)}</Descriptions.Item>
              <Descriptions.Item label={t('追回抵扣', 'Recovery offset')}>{yuan(c.statement?.recoveryOffsetFen)}</Descriptions.Item>
              <Descriptions.Item label={t('应付净额', 'Net due')}>{yuan(c.statement?.netDueFen)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('对账差异', 'Exceptions')} style={{ marginTop: 16 }}>
            <DataList<Exception>
              caption={t('对账差异', 'Exceptions')}
              rows={c.exceptions ?? []}
              rowKey={(e) => e.id}
              fileName={`clearing-${c.id}-exceptions`}
              columns={[
                { key: 'id', title: t('编号', 'Id'), csv: (e) => e.id },
                { key: 'kind', title: t('类别', 'Kind'), csv: (e) => e.kind },
                {
                  key: 'settlementId',
                  title: t('结算号', 'Settlement'),
                  csv: (e) => e.settlementId,
                  render: (e) => <Link to={`/settlements/${e.settlementId}`}>{e.settlementId}</Link>,
                },
                { key: 'ours', title: t('我方(元)', 'Ours'), csv: (e) => yuan(e.oursFen), align: 'right' },
                { key: 'theirs', title: t('对方(元)', 'Theirs'), csv: (e) => yuan(e.theirsFen), align: 'right' },
                {
                  key: 'resolution',
                  title: t('处理说明', 'Resolution'),
                  csv: (e) => (e.resolution ? `${e.resolution.decision} ${e.resolution.note ?? ''}` : ''),
                  render: (e) => e.resolution?.note ?? '—',
                },
                {
                  key: 'actions',
                  title: t('操作', 'Actions'),
                  csv: () => '',
                  render: (e) =>
                    clerk && !e.resolution ? (
                      <ActionButton<{ decision: string; note: string }>
                        label={t('处理', 'Resolve')}
                        title={`${t('处理对账差异', 'Resolve exception')} ${e.id}`}
                        submit={(values, keys) =>
                          keys.send(values, (key) =>
                            requestUntyped('POST', `${base}/exceptions/${encodeURIComponent(e.id)}/resolution`, {
                              body: { decision: values.decision, note: values.note.trim() },
                              idempotencyKey: key,
                            }),
                          )
                        }
                        onDone={reload}
                      >
                        <EnumField name="decision" label={t('处理方式', 'Decision')} values={['ACCEPT_OURS', 'ACCEPT_THEIRS', 'DEFER']} />
                        <Form.Item label={t('说明', 'Note')} name="note" rules={[{ required: true, whitespace: true }]}>
                          <Input.TextArea name="note" rows={2} />
                        </Form.Item>
                      </ActionButton>
                    ) : (
                      label(e.resolution?.decision)
                    ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('三率', 'Rates')}>
            <Chart option={chart} height={220} label={t('本期对账率、结算率、申请率', 'Rates of this period')} />
          </Card>
          <Card title={t('办理记录', 'Timeline')} style={{ marginTop: 16 }}>
            <CaseTimeline events={c.events ?? []} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
