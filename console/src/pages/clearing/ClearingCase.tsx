// U-1 / P-2, P-3: one clearing period: reconciliation and statement, the exceptions to resolve,
// its three rates drawn, delay report and payment, the statement as CSV, the timeline.
import { Button, Card, Col, Descriptions, Row, Space, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { client, downloadWithKey, unwrap, type ApiError, type Schemas } from '../../api/client';
import { CaseTimeline } from '../../components/CaseTimeline';
import { Chart } from '../../components/Chart';
import { Countdown } from '../../components/Countdown';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { percent, yuan } from '../../format';
import { useLabel, useT } from '../../i18n';
import { useSession } from '../../session';
import { DelayReportAction, PaymentAction, ResolveAction } from './ClearingActions';
import { useRateChart } from './rateChart';

type Exception = Schemas['ClearingException'];

export function ClearingCase() {
  const { id = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const { me } = useSession();
  const {
    data: c,
    error,
    loading,
    reload,
  } = useApi(() => unwrap(client.GET('/api/v1/clearings/{id}', { params: { path: { id } } })), [id]);
  const chartRows = useMemo(() => (c ? [c] : []), [c]);
  const chart = useRateChart(chartRows, t);
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  if (loading && !c) return <Spin />;
  if (!c) return <ActionError error={error} />;
  const clerk = me.role === 'INSURED_CLERK';
  const open = c.status !== 'PAID';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('清算', 'Clearing')} {c.period} {c.insuredRegion} → {c.treatmentRegion} <StatusTag value={c.status} />
          </Typography.Title>
          <Space>
            {clerk && open ? <DelayReportAction clearing={c} onDone={reload} /> : null}
            {clerk && c.statement && c.application && !c.payment ? <PaymentAction clearing={c} onDone={reload} /> : null}
            {c.statement ? (
              <Button
                onClick={() => {
                  setDownloadError(null);
                  downloadWithKey(`/api/v1/clearings/${encodeURIComponent(c.id)}/statement.csv`, `${c.id}-statement.csv`).catch(
                    (err: unknown) => setDownloadError(err as ApiError),
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
                <Countdown date={c.nextDeadline?.date ?? (open ? c.dueDate : null)} kind={c.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('延期报告', 'Delay report')} span={2}>
                <span data-testid="delay-report">
                  {c.delayReport
                    ? `${c.delayReport.reason} · ${t('预计', 'expected')} ${c.delayReport.expectedDate} · ${t('报告于', 'reported on')} ${c.delayReport.reportedOn}`
                    : '—'}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('拨付', 'Payment')} span={2}>
                {c.payment ? `${yuan(c.payment.amountFen)} · ${c.payment.paidOn}${c.payment.late ? t('（逾期）', ' (late)') : ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('一致', 'Matched')}>{c.reconciliation.matched}</Descriptions.Item>
              <Descriptions.Item label={t('对账率', 'Rate')}>{percent(c.reconciliation.ratePercent)}</Descriptions.Item>
              <Descriptions.Item label={t('仅我方有', 'Only ours')}>{c.reconciliation.onlyOurs}</Descriptions.Item>
              <Descriptions.Item label={t('仅对方有', 'Only theirs')}>{c.reconciliation.onlyTheirs}</Descriptions.Item>
              <Descriptions.Item label={t('金额不符', 'Amount differs')}>{c.reconciliation.amountDiffers}</Descriptions.Item>
              <Descriptions.Item label={t('已处理', 'Resolved')}>{c.reconciliation.resolved}</Descriptions.Item>
              <Descriptions.Item label={t('笔数', 'Count')}>{c.statement?.count ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('基金金额', 'Fund')}>{yuan(c.statement?.fundFen)}</Descriptions.Item>
              <Descriptions.Item label={t('追回抵扣', 'Recovery offset')}>{yuan(c.statement?.recoveryOffsetFen)}</Descriptions.Item>
              <Descriptions.Item label={t('应付净额', 'Net due')}>{yuan(c.statement?.netDueFen)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('对账差异', 'Exceptions')} style={{ marginTop: 16 }}>
            <DataList<Exception>
              caption={t('对账差异', 'Exceptions')}
              rows={c.exceptions}
              rowKey={(e) => e.id}
              fileName={`clearing-${c.id}-exceptions`}
              columns={[
                { key: 'id', title: t('编号', 'Id'), csv: (e) => e.id },
                { key: 'kind', title: t('类别', 'Kind'), csv: (e) => e.kind, render: (e) => label(e.kind) },
                {
                  key: 'settlementId',
                  title: t('结算号', 'Settlement'),
                  csv: (e) => e.settlementId,
                  // A line of the agency's own (ONLY_THEIRS) has no settlement here to open.
                  render: (e) =>
                    e.kind === 'ONLY_THEIRS' ? e.settlementId : <Link to={`/settlements/${e.settlementId}`}>{e.settlementId}</Link>,
                },
                { key: 'ours', title: t('我方(元)', 'Ours'), csv: (e) => yuan(e.oursFen), align: 'right' },
                { key: 'theirs', title: t('对方(元)', 'Theirs'), csv: (e) => yuan(e.theirsFen), align: 'right' },
                {
                  key: 'resolution',
                  title: t('处理', 'Resolution'),
                  csv: (e) => (e.resolution ? `${e.resolution.decision} ${e.resolution.note}` : ''),
                  render: (e) =>
                    e.resolution ? (
                      <span data-testid={`resolution-${e.id}`}>
                        {label(e.resolution.decision)}
                        {e.resolution.note ? ` · ${e.resolution.note}` : ''}
                      </span>
                    ) : clerk ? (
                      <ResolveAction clearing={c} exception={e} onDone={reload} />
                    ) : (
                      '—'
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
            <CaseTimeline events={c.events} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
