// Columns shared by the lists of filings, settlements, inquiries and recoveries.
import { Tag } from 'antd';
import { Link } from 'react-router';
import type { Schemas } from '../api/client';
import { useLabel, useSchemeLabel, useT } from '../i18n';
import { percent, timestamp, yuan } from '../format';
import { Countdown } from './Countdown';
import type { ListColumn } from './DataList';
import { StatusTag } from './StatusTag';

export function useFilingColumns(): ListColumn<Schemas['Filing']>[] {
  const t = useT();
  const label = useLabel();
  const scheme = useSchemeLabel();
  return [
    { key: 'id', title: t('备案号', 'Filing'), csv: (f) => f.id, render: (f) => <Link to={`/filings/${f.id}`}>{f.id}</Link> },
    { key: 'status', title: t('状态', 'Status'), csv: (f) => f.status, render: (f) => <StatusTag value={f.status} /> },
    { key: 'personId', title: t('身份证号', 'Person ID'), csv: (f) => f.personId },
    {
      key: 'type',
      title: t('类型', 'Type'),
      csv: (f) => f.type,
      render: (f) => `${label(f.type)}${f.subtype ? ` · ${label(f.subtype)}` : ''}`,
    },
    { key: 'scheme', title: t('险种', 'Scheme'), csv: (f) => f.scheme, render: (f) => scheme(f.scheme) },
    {
      key: 'route',
      title: t('参保地→就医地', 'Insured → treatment'),
      csv: (f) => `${f.insuredRegion}->${f.treatmentRegion}`,
      render: (f) => `${f.insuredRegion} → ${f.treatmentRegion}`,
    },
    { key: 'validFrom', title: t('生效日', 'Valid from'), csv: (f) => f.validFrom },
    {
      key: 'validUntil',
      title: t('有效至', 'Valid until'),
      csv: (f) => f.validUntil ?? '',
      render: (f) => f.validUntil ?? t('长期', 'open-ended'),
    },
    {
      key: 'next',
      title: t('下一期限', 'Next deadline'),
      csv: (f) => (f.nextDeadline ? `${f.nextDeadline.kind} ${f.nextDeadline.date}` : ''),
      render: (f) => <Countdown date={f.nextDeadline?.date} kind={f.nextDeadline?.kind} compact />,
    },
  ];
}

export function useSettlementColumns(): ListColumn<Schemas['Settlement']>[] {
  const t = useT();
  const label = useLabel();
  return [
    {
      key: 'id',
      title: t('结算号', 'Settlement'),
      csv: (s) => s.id,
      render: (s) => (s.id ? <Link to={`/settlements/${s.id}`}>{s.id}</Link> : '—'),
    },
    { key: 'status', title: t('状态', 'Status'), csv: (s) => s.status ?? '', render: (s) => <StatusTag value={s.status} /> },
    { key: 'kind', title: t('方式', 'Kind'), csv: (s) => s.kind, render: (s) => label(s.kind) },
    { key: 'settledAt', title: t('结算时间', 'Settled at'), csv: (s) => s.settledAt, render: (s) => timestamp(s.settledAt) },
    { key: 'personId', title: t('身份证号', 'Person ID'), csv: (s) => s.personId },
    { key: 'hospitalId', title: t('医疗机构', 'Institution'), csv: (s) => s.hospitalId },
    { key: 'visitType', title: t('就诊类型', 'Visit'), csv: (s) => s.visitType, render: (s) => label(s.visitType) },
    { key: 'totalFen', title: t('总费用(元)', 'Total (yuan)'), csv: (s) => yuan(s.totalFen), align: 'right' },
    { key: 'fundFen', title: t('统筹支付(元)', 'Fund (yuan)'), csv: (s) => yuan(s.fundFen), align: 'right' },
    { key: 'personalFen', title: t('个人负担(元)', 'Personal (yuan)'), csv: (s) => yuan(s.personalFen), align: 'right' },
    { key: 'ratio', title: t('报销比例', 'Ratio'), csv: (s) => percent(s.ratioPercent) },
    { key: 'period', title: t('清算期', 'Period'), csv: (s) => s.period ?? '' },
  ];
}

export function useInquiryColumns(): ListColumn<Schemas['Inquiry']>[] {
  const t = useT();
  const label = useLabel();
  return [
    { key: 'id', title: t('案件号', 'Case'), csv: (i) => i.id, render: (i) => <Link to={`/inquiries/${i.id}`}>{i.id}</Link> },
    { key: 'kind', title: t('类别', 'Kind'), csv: (i) => i.kind, render: (i) => label(i.kind) },
    { key: 'status', title: t('状态', 'Status'), csv: (i) => i.status, render: (i) => <StatusTag value={i.status} /> },
    {
      key: 'dueDate',
      title: t('答复期限', 'Due'),
      csv: (i) => i.dueDate,
      render: (i) => (
        <span>
          {i.overdue ? (
            <Tag color="red" data-testid="overdue">
              {t('逾期', 'Overdue')}
            </Tag>
          ) : null}
          <Countdown date={i.closedOn ? null : i.dueDate} compact />
          {i.closedOn ? i.dueDate : null}
        </span>
      ),
    },
    { key: 'overdue', title: t('逾期', 'Overdue'), csv: (i) => i.overdue, render: (i) => (i.overdue ? t('是', 'yes') : t('否', 'no')) },
    {
      key: 'route',
      title: t('参保地→就医地', 'Insured → treatment'),
      csv: (i) => `${i.insuredRegion}->${i.treatmentRegion}`,
      render: (i) => `${i.insuredRegion} → ${i.treatmentRegion}`,
    },
    { key: 'settlementId', title: t('结算号', 'Settlement'), csv: (i) => i.settlementId },
    { key: 'hospitalId', title: t('医疗机构', 'Institution'), csv: (i) => i.hospitalId },
    { key: 'openedOn', title: t('发起日', 'Opened'), csv: (i) => i.openedOn },
    {
      key: 'reason',
      title: t('事由', 'Reason'),
      csv: (i) => i.reason,
      render: (i) => (i.reason.length > 24 ? `${i.reason.slice(0, 24)}…` : i.reason),
    },
  ];
}

export function useRecoveryColumns(): ListColumn<Schemas['Recovery']>[] {
  const t = useT();
  const label = useLabel();
  return [
    { key: 'id', title: t('追回号', 'Recovery'), csv: (r) => r.id, render: (r) => <Link to={`/recoveries/${r.id}`}>{r.id}</Link> },
    { key: 'status', title: t('状态', 'Status'), csv: (r) => r.status, render: (r) => <StatusTag value={r.status} /> },
    { key: 'amount', title: t('追回金额(元)', 'Amount (yuan)'), csv: (r) => yuan(r.amountFen), align: 'right' },
    {
      key: 'source',
      title: t('来源', 'Source'),
      csv: (r) => `${r.source.type} ${r.source.id}`,
      render: (r) => `${label(r.source.type)} ${r.source.id}`,
    },
    { key: 'debtor', title: t('责任方', 'Debtor'), csv: (r) => r.debtor },
    {
      key: 'dueDate',
      title: t('缴回期限', 'Debtor deadline'),
      csv: (r) => r.dueDate,
      render: (r) => <Countdown date={r.closedOn ? null : r.dueDate} compact />,
    },
    { key: 'target', title: t('退回账户', 'Target account'), csv: (r) => r.targetAccount },
    { key: 'orderedOn', title: t('下达日', 'Ordered'), csv: (r) => r.orderedOn },
  ];
}
