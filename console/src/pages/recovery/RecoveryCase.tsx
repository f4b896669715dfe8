// One recovery: its steps (RC-3), deadline counting down, amounts and accounts (RC-1), the
// double-entry ledger with its balance check (RC-4), the timeline; the clerk reports payment.
import { Button, Card, Col, Descriptions, Form, Input, Result, Row, Space, Spin, Steps, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { client, unwrap, type Schemas } from '../../api/client';
import { ActionButton } from '../../components/ActionButton';
import { CaseTimeline } from '../../components/CaseTimeline';
import { Countdown } from '../../components/Countdown';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { TemporalLink } from '../../components/TemporalLink';
import { useApi } from '../../components/useApi';
import { timestamp, yuan } from '../../format';
import { useLabel, useSchemeLabel, useT } from '../../i18n';
import { useSession } from '../../session';

type Entry = Schemas['RecoveryLedger']['entries'][number];
const STEPS = ['ORDERED', 'AWAITING_PAYMENT', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'] as const;

export function RecoveryCase() {
  const { id = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const scheme = useSchemeLabel();
  const { me } = useSession();
  const {
    data: r,
    error,
    loading,
    reload,
  } = useApi(() => unwrap(client.GET('/api/v1/recoveries/{id}', { params: { path: { id } } })), [id]);
  const ledger = useApi(() => unwrap(client.GET('/api/v1/recoveries/{id}/ledger', { params: { path: { id } } })), [id, r?.status]);
  if (loading && !r) return <Spin />;
  if (error && !r) return <ActionError error={error} />;
  if (!r) return <Result status="404" />;

  const step = r.status === 'ESCALATED' ? 1 : Math.max(0, STEPS.indexOf(r.status as (typeof STEPS)[number]));
  const payable = ['AWAITING_PAYMENT', 'ESCALATED', 'ORDERED'].includes(r.status);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('追回', 'Recovery')} {r.id} <StatusTag value={r.status} />
            {r.overdue ? <Tag color="red">{t('逾期', 'Overdue')}</Tag> : null}
          </Typography.Title>
          <Space>
            {payable ? (
              <ActionButton<{ note?: string }>
                primary
                label={t('登记已缴回', 'Report payment')}
                title={t('登记责任方已缴回（RC-3）', 'Report that the debtor paid (RC-3)')}
                submit={(values, keys) => {
                  const body = values.note?.trim() ? { note: values.note.trim() } : {};
                  return keys.send(body, (key) =>
                    unwrap(
                      client.POST('/api/v1/recoveries/{id}/payment-reports', {
                        params: { path: { id: r.id }, header: { 'Idempotency-Key': key } },
                        body,
                      }),
                    ),
                  );
                }}
                onDone={reload}
              >
                <Typography.Paragraph type="secondary">
                  {t(
                    '登记后系统立即向财务核实到账并原渠道划转（RC-1、RC-4）。',
                    'The engine then asks finance and transfers through the original channel (RC-1, RC-4).',
                  )}
                </Typography.Paragraph>
                <Form.Item label={t('说明', 'Note')} name="note">
                  <Input.TextArea name="note" rows={2} maxLength={1000} />
                </Form.Item>
              </ActionButton>
            ) : null}
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
            {me.role === 'ADMIN' ? <TemporalLink workflowId={r.id} /> : null}
          </Space>
        </Space>
        <Steps
          style={{ marginTop: 16 }}
          size="small"
          current={step}
          status={r.status === 'ESCALATED' ? 'error' : undefined}
          items={STEPS.map((s) => ({ title: label(s) }))}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card title={t('追回信息', 'Details')}>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('下一期限', 'Next deadline')} span={2}>
                <Countdown date={r.nextDeadline?.date} kind={r.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('追回金额', 'Amount')}>
                {yuan(r.amountFen)} {t('元', 'yuan')}
              </Descriptions.Item>
              <Descriptions.Item label={t('已收回', 'Collected')}>
                {yuan(r.collectedFen)} {r.collectedOn ? `· ${r.collectedOn}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('来源', 'Source')}>
                {label(r.source.type)}{' '}
                {r.source.type === 'INQUIRY' ? (
                  <Link to={`/inquiries/${r.source.id}`}>{r.source.id}</Link>
                ) : r.source.type === 'COMMITMENT' ? (
                  <Link to={`/filings/${r.source.id}`}>{r.source.id}</Link>
                ) : (
                  r.source.id
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('责任方', 'Debtor')}>
                {r.debtor} ({r.debtorRegion})
              </Descriptions.Item>
              <Descriptions.Item label={t('险种', 'Scheme')}>{scheme(r.scheme)}</Descriptions.Item>
              <Descriptions.Item label={t('缴回期限', 'Debtor deadline')}>{r.dueDate}</Descriptions.Item>
              <Descriptions.Item label={t('退回账户（原渠道）', 'Back to (original account)')} span={2}>
                <Typography.Text code>{r.targetAccount}</Typography.Text> ← <Typography.Text code>{r.collectionAccount}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('划转', 'Transfer')} span={2}>
                {r.transfer ? `${r.transfer.transferId} · ${yuan(r.transfer.amountFen)} · ${timestamp(r.transfer.completedAt)}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('对账', 'Reconciliation')} span={2}>
                {r.reconciliation
                  ? `${r.reconciliation.reconciledOn} · ${r.reconciliation.matched ? t('一致', 'matched') : t('不一致', 'mismatch')} · ${r.reconciliation.ledgerBalanced ? t('账平', 'balanced') : t('账不平', 'unbalanced')}${r.reconciliation.problems.length ? ` · ${r.reconciliation.problems.join('; ')}` : ''}`
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('罚没（不划转，RC-1）', 'Fines (kept, RC-1)')} span={2}>
                {r.fines.length ? r.fines.map((f) => `${label(f.kind)} ${yuan(f.amountFen)}`).join('；') : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('事由', 'Reason')} span={2}>
                {r.reason}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card
            title={
              <span>
                {t('复式记账台账（RC-4）', 'Double-entry ledger (RC-4)')}{' '}
                {ledger.data ? (
                  <Tag color={ledger.data.balance.balanced ? 'green' : 'red'}>
                    {ledger.data.balance.balanced ? t('借贷平衡', 'balanced') : t('借贷不平', 'unbalanced')} · {t('借', 'Dr')}{' '}
                    {yuan(ledger.data.balance.debitFen)} / {t('贷', 'Cr')} {yuan(ledger.data.balance.creditFen)}
                  </Tag>
                ) : null}
              </span>
            }
            style={{ marginTop: 16 }}
          >
            <ActionError error={ledger.error} />
            <DataList<Entry>
              caption={t('台账分录', 'Ledger entries')}
              rows={ledger.data?.entries ?? []}
              rowKey={(e) => e.entryId}
              fileName={`ledger-${r.id}`}
              loading={ledger.loading}
              columns={[
                { key: 'bookedOn', title: t('记账日', 'Booked'), csv: (e) => e.bookedOn },
                { key: 'step', title: t('环节', 'Step'), csv: (e) => e.step },
                { key: 'side', title: t('方向', 'Side'), csv: (e) => e.side, render: (e) => label(e.side) },
                { key: 'account', title: t('账户', 'Account'), csv: (e) => e.account },
                { key: 'amount', title: t('金额(元)', 'Amount (yuan)'), csv: (e) => yuan(e.amountFen), align: 'right' },
                { key: 'movement', title: t('资金流水', 'Movement'), csv: (e) => e.movementId },
                { key: 'memo', title: t('摘要', 'Memo'), csv: (e) => e.memo },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('办理记录', 'Timeline')}>
            <CaseTimeline events={r.events} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
