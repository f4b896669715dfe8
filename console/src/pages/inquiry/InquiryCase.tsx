// One inquiry or collaboration: status, next deadline (counting down), the answers, the
// confirmation, the timeline, and what the caller may do now: the addressed agency answers or
// forwards (I-2, I-4); the clerk confirms or disputes the answer (I-3).
import { Button, Card, Col, Descriptions, Form, Input, InputNumber, List, Radio, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { client, unwrap, type Schemas } from '../../api/client';
import { ActionButton } from '../../components/ActionButton';
import { CaseTimeline } from '../../components/CaseTimeline';
import { Countdown } from '../../components/Countdown';
import { RegionField } from '../../components/fields';
import { ActionError, type Placement } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { TemporalLink } from '../../components/TemporalLink';
import { useApi } from '../../components/useApi';
import { fenFromYuan, yuan } from '../../format';
import { useLabel, useT } from '../../i18n';
import { useSession } from '../../session';

type Inquiry = Schemas['Inquiry'];
const ANSWERABLE = ['AWAITING_RESPONSE', 'NEGOTIATING', 'ESCALATED'];
const disallowedPlacement: Placement = { alias: (name) => (name[0] === 'disallowedFen' ? ['disallowedYuan'] : name) };

interface AnswerForm {
  result: 'VERIFIED_OK' | 'VERIFIED_ISSUE';
  reasonsText?: string;
  disallowedYuan?: number;
}

export function InquiryCase() {
  const { id = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const { me } = useSession();
  const {
    data: inquiry,
    error,
    loading,
    reload,
  } = useApi(() => unwrap(client.GET('/api/v1/inquiries/{id}', { params: { path: { id } } })), [id]);
  if (loading && !inquiry) return <Spin />;
  if (error && !inquiry) return <ActionError error={error} />;
  if (!inquiry) return <Result status="404" />;

  const path = { id: inquiry.id };
  const agency = me.role === 'TREATMENT_AGENCY';
  const clerk = me.role === 'INSURED_CLERK';
  const answerable = ANSWERABLE.includes(inquiry.status);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {label(inquiry.kind)} {inquiry.id} <StatusTag value={inquiry.status} />
            {inquiry.overdue ? <Tag color="red">{t('逾期', 'Overdue')}</Tag> : null}
          </Typography.Title>
          <Space wrap data-testid="inquiry-actions">
            {agency && answerable ? (
              <ActionButton<AnswerForm>
                primary
                testId="action-answer"
                label={t('答复', 'Answer')}
                title={t('答复协查（I-2）', 'Answer (I-2)')}
                initialValues={{ result: 'VERIFIED_OK' }}
                placement={{ alias: (name) => (name[0] === 'reasons' ? ['reasonsText'] : (disallowedPlacement.alias?.(name) ?? name)) }}
                submit={(values, keys) => {
                  const reasons = (values.reasonsText ?? '')
                    .split('\n')
                    .map((r) => r.trim())
                    .filter(Boolean);
                  const body = { result: values.result, reasons, disallowedFen: fenFromYuan(values.disallowedYuan) ?? 0 };
                  return keys.send(body, (key) =>
                    unwrap(client.POST('/api/v1/inquiries/{id}/response', { params: { path, header: { 'Idempotency-Key': key } }, body })),
                  );
                }}
                onDone={reload}
              >
                <AnswerFields />
              </ActionButton>
            ) : null}
            {agency && answerable && inquiry.kind === 'ISSUE_COLLABORATION' && inquiry.treatmentRegion === me.region ? (
              <ActionButton<Schemas['InquiryForwardRequest']>
                testId="action-forward"
                label={t('转办', 'Forward')}
                title={t('转办给能答复的经办机构（首问负责，I-4）', 'Forward to the agency that can answer (I-4)')}
                submit={(values, keys) => {
                  const body = { toAgencyRegion: values.toAgencyRegion, note: values.note.trim() };
                  return keys.send(body, (key) =>
                    unwrap(client.POST('/api/v1/inquiries/{id}/forward', { params: { path, header: { 'Idempotency-Key': key } }, body })),
                  );
                }}
                onDone={reload}
              >
                <Typography.Paragraph type="secondary">
                  {t('转办后本机构仍为首问责任方，原答复期限不变。', 'Your agency stays responsible and the deadline stands.')}
                </Typography.Paragraph>
                <RegionField name="toAgencyRegion" label={t('转办至（地区编码）', 'Forward to (region code)')} />
                <Form.Item label={t('转办说明', 'Note')} name="note" rules={[{ required: true, whitespace: true }]}>
                  <Input.TextArea name="note" rows={3} maxLength={1000} />
                </Form.Item>
              </ActionButton>
            ) : null}
            {clerk && inquiry.status === 'AWAITING_CONFIRMATION' ? (
              <>
                <ConfirmAction inquiry={inquiry} decision="CONFIRM" onDone={reload} />
                <ConfirmAction inquiry={inquiry} decision="DISPUTE" onDone={reload} />
              </>
            ) : null}
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
            {me.role === 'ADMIN' ? <TemporalLink workflowId={inquiry.id} /> : null}
          </Space>
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card title={t('案件信息', 'Details')}>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('下一期限', 'Next deadline')} span={2}>
                <Countdown date={inquiry.nextDeadline?.date} kind={inquiry.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('答复期限', 'Answer due')}>{inquiry.dueDate}</Descriptions.Item>
              <Descriptions.Item label={t('催办日', 'Reminder')}>{inquiry.reminderDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('参保地→就医地', 'Insured → treatment')}>
                {inquiry.insuredRegion} → {inquiry.treatmentRegion}
              </Descriptions.Item>
              <Descriptions.Item label={t('协查期', 'Period')}>{inquiry.period ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('结算单', 'Settlement')}>
                <Link to={`/settlements/${inquiry.settlementId}`}>{inquiry.settlementId}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('医疗机构', 'Institution')}>{inquiry.hospitalId}</Descriptions.Item>
              <Descriptions.Item label={t('事由', 'Reason')} span={2}>
                {inquiry.reason} {inquiry.suspectedViolation ? <Tag color="orange">{t('疑似违规', 'suspected violation')}</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label={t('转办', 'Forwarded')} span={2}>
                <span data-testid="forwards">
                  {inquiry.forwards.length
                    ? inquiry.forwards.map((f) => `${f.fromAgencyRegion} → ${f.toAgencyRegion} · ${f.forwardedOn} · ${f.note}`).join('；')
                    : '—'}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('滚入下期次数', 'Rolled over')}>{inquiry.overdueCount}</Descriptions.Item>
              <Descriptions.Item label={t('确认期限', 'Confirm by')}>{inquiry.confirmationDueDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('确认', 'Confirmation')} span={2}>
                {inquiry.confirmation
                  ? `${label(inquiry.confirmation.decision)} · ${inquiry.confirmation.decidedOn}${inquiry.confirmation.deemed ? t('（逾期视为确认）', ' (deemed)') : ''}${inquiry.confirmation.note ? ` · ${inquiry.confirmation.note}` : ''}`
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('追回', 'Recovery')} span={2}>
                {inquiry.recoveryId ? <Link to={`/recoveries/${inquiry.recoveryId}`}>{inquiry.recoveryId}</Link> : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('答复', 'Answers')} style={{ marginTop: 16 }}>
            <List
              dataSource={inquiry.responses}
              locale={{ emptyText: t('尚未答复', 'No answer yet') }}
              renderItem={(r) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <span>
                      <StatusTag value={r.result} /> {t('第', 'round ')}
                      {r.round}
                      {t('轮', '')} · {r.respondedOn} {r.late ? <Tag color="red">{t('逾期答复', 'late')}</Tag> : null}
                    </span>
                    {r.disallowedFen ? (
                      <span>
                        {t('不予支付', 'Disallowed')} {yuan(r.disallowedFen)} {t('元', 'yuan')}
                      </span>
                    ) : null}
                    {r.reasons.length ? <span>{r.reasons.join('；')}</span> : null}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('办理记录', 'Timeline')}>
            <CaseTimeline events={inquiry.events} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

function AnswerFields() {
  const t = useT();
  const form = Form.useFormInstance();
  const result = Form.useWatch('result', form) as string | undefined;
  const label = useLabel();
  return (
    <>
      <Form.Item label={t('核实结果', 'Result')} name="result" rules={[{ required: true }]}>
        <Radio.Group name="result" options={['VERIFIED_OK', 'VERIFIED_ISSUE'].map((v) => ({ value: v, label: label(v) }))} />
      </Form.Item>
      <Form.Item
        label={t('问题及原因（每行一条）', 'Reasons (one per line)')}
        name="reasonsText"
        extra={result === 'VERIFIED_ISSUE' ? t('核实有问题时必填', 'Required for VERIFIED_ISSUE') : undefined}
      >
        <Input.TextArea name="reasons" rows={3} />
      </Form.Item>
      <Form.Item
        label={t('不予支付金额（元）', 'Disallowed amount (yuan)')}
        name="disallowedYuan"
        extra={t('核实无误时为 0', '0 for VERIFIED_OK')}
      >
        <InputNumber name="disallowedFen" min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}

function ConfirmAction({ inquiry, decision, onDone }: { inquiry: Inquiry; decision: 'CONFIRM' | 'DISPUTE'; onDone: () => void }) {
  const t = useT();
  return (
    <ActionButton<{ note?: string }>
      primary={decision === 'CONFIRM'}
      danger={decision === 'DISPUTE'}
      testId={decision === 'CONFIRM' ? 'action-confirm' : 'action-dispute'}
      label={decision === 'CONFIRM' ? t('确认答复', 'Confirm answer') : t('提出异议', 'Dispute')}
      title={
        decision === 'CONFIRM'
          ? t('确认就医地答复（I-3）', 'Confirm the answer (I-3)')
          : t('对答复提出异议（I-3）', 'Dispute the answer (I-3)')
      }
      submit={(values, keys) => {
        const body = { decision, ...(values.note?.trim() ? { note: values.note.trim() } : {}) };
        return keys.send(body, (key) =>
          unwrap(
            client.POST('/api/v1/inquiries/{id}/confirmation', {
              params: { path: { id: inquiry.id }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
      onDone={onDone}
    >
      {decision === 'CONFIRM' && inquiry.response?.result === 'VERIFIED_ISSUE' ? (
        <Typography.Paragraph type="warning">
          {t(
            `确认后将对不予支付的 ${yuan(inquiry.response.disallowedFen)} 元启动追回（I-5）。`,
            `Confirming starts a recovery of the disallowed ${yuan(inquiry.response.disallowedFen)} yuan (I-5).`,
          )}
        </Typography.Paragraph>
      ) : null}
      <Form.Item label={t('说明', 'Note')} name="note" rules={decision === 'DISPUTE' ? [{ required: true, whitespace: true }] : []}>
        <Input.TextArea name="note" rows={3} maxLength={1000} />
      </Form.Item>
    </ActionButton>
  );
}
