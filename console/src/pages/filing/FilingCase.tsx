// U-1: a filing case with its status, next deadline (counting down), timeline, and the actions
// the rules allow now: materials (commitment pending), change, cancel, re-referral, person-number
// change, insurance status (once served).
import { Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Result, Row, Space, Spin, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { client, unwrap, type Schemas } from '../../api/client';
import { ActionButton } from '../../components/ActionButton';
import { CaseTimeline } from '../../components/CaseTimeline';
import { Countdown } from '../../components/Countdown';
import { enumOf } from '../../api/contract';
import { DateField, EnumField, PersonIdField, ProofKindField, RegionField, compact } from '../../components/fields';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { TemporalLink } from '../../components/TemporalLink';
import { useApi } from '../../components/useApi';
import { yuan } from '../../format';
import { useLabel, useSchemeLabel, useT } from '../../i18n';
import { useSession } from '../../session';

type Filing = Schemas['Filing'];
const LIVE = ['ACTIVE', 'COMMITMENT_PENDING'];

function ProofFields({ required }: { required?: boolean }) {
  const t = useT();
  return (
    <>
      <ProofKindField required={required} schema="FilingMaterials" />
      <Row gutter={16}>
        <Col span={12}>
          <DateField name={['proof', 'validUntil']} label={t('材料有效期至', 'Proof valid until')} />
        </Col>
        <Col span={12}>
          <DateField name={['proof', 'residentSince']} label={t('材料显示居住起始日', 'Resident since')} />
        </Col>
      </Row>
    </>
  );
}

export function FilingCase() {
  const { id = '' } = useParams();
  const t = useT();
  const label = useLabel();
  const scheme = useSchemeLabel();
  const navigate = useNavigate();
  const { me } = useSession();
  const {
    data: filing,
    error,
    loading,
    reload,
  } = useApi(() => unwrap(client.GET('/api/v1/filings/{id}', { params: { path: { id } } })), [id]);

  if (loading && !filing) return <Spin />;
  if (error && !filing) return <ActionError error={error} />;
  if (!filing) return <Result status="404" />;

  const clerk = me.role === 'INSURED_CLERK';
  const live = LIVE.includes(filing.status);
  const path = { id: filing.id };
  const after = () => reload();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('备案', 'Filing')} {filing.id} <StatusTag value={filing.status} />
          </Typography.Title>
          <Space wrap data-testid="filing-actions">
            {clerk && filing.status === 'COMMITMENT_PENDING' ? (
              <ActionButton<Schemas['FilingMaterials']>
                primary
                label={t('补充材料', 'Supply materials')}
                testId="action-materials"
                submit={(values, keys) => {
                  const body = compact(values);
                  return keys.send(body, (key) =>
                    unwrap(client.POST('/api/v1/filings/{id}/materials', { params: { path, header: { 'Idempotency-Key': key } }, body })),
                  );
                }}
                onDone={after}
              >
                <Typography.Paragraph type="secondary">
                  {t('补齐材料后承诺期结束，备案转为有效（F-6）。', 'Supplying the proof ends the commitment period (F-6).')}
                </Typography.Paragraph>
                <ProofFields required={filing.type !== 'REFERRAL'} />
                {filing.type === 'REFERRAL' ? (
                  <Row gutter={16}>
                    <Col span={12}>
                      <Form.Item label={t('转出医院', 'Referring hospital')} name={['referral', 'fromHospital']}>
                        <Input name="referral.fromHospital" />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item label={t('转诊证明编号', 'Certificate no.')} name={['referral', 'certificateNo']}>
                        <Input name="referral.certificateNo" />
                      </Form.Item>
                    </Col>
                  </Row>
                ) : null}
              </ActionButton>
            ) : null}
            {clerk && filing.status === 'ACTIVE' ? (
              <ActionButton<Schemas['FilingChange']>
                label={t('变更', 'Change')}
                title={t('变更备案信息（F-8）', 'Change the filing (F-8)')}
                submit={(values, keys) => {
                  const body = compact(values);
                  return keys.send(body, (key) =>
                    unwrap(client.POST('/api/v1/filings/{id}/change', { params: { path, header: { 'Idempotency-Key': key } }, body })),
                  );
                }}
                onDone={after}
              >
                <RegionField name="treatmentRegion" label={t('新的就医地', 'New treatment region')} required={false} />
                {filing.type === 'LONG_TERM' ? (
                  <Form.Item label={t('子类型', 'Subtype')} name="subtype">
                    <Radio.Group
                      name="subtype"
                      options={['RESETTLED', 'RESIDENT', 'WORKING'].map((v) => ({ value: v, label: label(v) }))}
                    />
                  </Form.Item>
                ) : null}
                <ProofFields />
                <Form.Item label={t('备注', 'Note')} name="note">
                  <Input.TextArea name="note" rows={2} maxLength={500} />
                </Form.Item>
              </ActionButton>
            ) : null}
            {clerk && filing.status === 'ACTIVE' ? (
              <ActionButton<Schemas['ReReferralRequest']>
                label={t('再转诊', 'Re-referral')}
                title={t('再转诊（F-10）', 'Re-referral (F-10)')}
                initialValues={{ sameDisease: true }}
                submit={(values, keys) => {
                  const body = compact({ ...values, sameDisease: Boolean(values.sameDisease) });
                  return keys.send(body, (key) =>
                    unwrap(
                      client.POST('/api/v1/filings/{id}/re-referrals', { params: { path, header: { 'Idempotency-Key': key } }, body }),
                    ),
                  );
                }}
                onDone={(created) => void navigate(`/filings/${(created as Filing).id}`)}
              >
                <Form.Item
                  label={t('出具再转诊的医院', 'Hospital issuing it')}
                  name="fromHospital"
                  rules={[{ required: true, whitespace: true }]}
                >
                  <Input name="fromHospital" placeholder="H110000001" />
                </Form.Item>
                <Form.Item
                  label={t('转诊证明编号（同一疾病可不填）', 'Certificate no. (optional for the same disease)')}
                  name="certificateNo"
                >
                  <Input name="certificateNo" />
                </Form.Item>
                <RegionField
                  name="treatmentRegion"
                  label={t('转往地区（默认原就医地）', 'Region of the further hospital (default: the same)')}
                  required={false}
                />
                <Form.Item name="sameDisease" valuePropName="checked">
                  <Checkbox name="sameDisease">
                    {t('同一疾病（沿用原材料，简化办理）', 'Same disease (reuses the original proof)')}
                  </Checkbox>
                </Form.Item>
                <DateField name="startDate" label={t('开始日期', 'Start date')} />
              </ActionButton>
            ) : null}
            {clerk && live ? (
              <ActionButton<Schemas['FilingCancel']>
                danger
                label={t('注销', 'Cancel filing')}
                title={t('注销备案（F-8）', 'Cancel the filing (F-8)')}
                initialValues={{ requestedOnlineByPerson: false }}
                submit={(values, keys) => {
                  const body = compact({ ...values, requestedOnlineByPerson: Boolean(values.requestedOnlineByPerson) });
                  return keys.send(body, (key) =>
                    unwrap(client.POST('/api/v1/filings/{id}/cancel', { params: { path, header: { 'Idempotency-Key': key } }, body })),
                  );
                }}
                onDone={after}
              >
                <Form.Item name="requestedOnlineByPerson" valuePropName="checked">
                  <Checkbox name="requestedOnlineByPerson">{t('参保人在线申请注销', 'The person asked online')}</Checkbox>
                </Form.Item>
                <Form.Item label={t('注销原因', 'Reason')} name="reason">
                  <Input.TextArea name="reason" rows={2} maxLength={500} />
                </Form.Item>
              </ActionButton>
            ) : null}
            {clerk ? (
              <ActionButton<Schemas['PersonRenumber']>
                label={t('变更身份证号', 'Change ID number')}
                title={t('参保人身份证号变更（X-1）', 'Person-number change (X-1)')}
                submit={(values, keys) => {
                  const body = compact(values);
                  return keys.send(body, (key) =>
                    unwrap(
                      client.POST('/api/v1/persons/{personId}/renumber', {
                        params: { path: { personId: filing.personId }, header: { 'Idempotency-Key': key } },
                        body,
                      }),
                    ),
                  );
                }}
                onDone={after}
              >
                <PersonIdField name="newPersonId" label={t('新身份证号', 'New ID number')} />
                <Form.Item label={t('备注', 'Note')} name="note">
                  <Input name="note" />
                </Form.Item>
              </ActionButton>
            ) : null}
            {clerk && live ? <InsuranceStatusAction personId={filing.personId} onDone={after} /> : null}
            <Button onClick={reload}>{t('刷新', 'Refresh')}</Button>
            {me.role === 'ADMIN' ? <TemporalLink workflowId={filing.id} /> : null}
          </Space>
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card title={t('备案信息', 'Details')}>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label={t('下一期限', 'Next deadline')} span={2}>
                <Countdown date={filing.nextDeadline?.date} kind={filing.nextDeadline?.kind} />
              </Descriptions.Item>
              <Descriptions.Item label={t('身份证号', 'Person ID')}>
                <Link to={`/persons?personId=${filing.personId}`}>{filing.personId}</Link>
                {filing.formerPersonIds.length ? ` (${t('原', 'former')} ${filing.formerPersonIds.join(', ')})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('险种', 'Scheme')}>{scheme(filing.scheme)}</Descriptions.Item>
              <Descriptions.Item label={t('类型', 'Type')}>
                {label(filing.type)}
                {filing.subtype ? ` · ${label(filing.subtype)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('参保地→就医地', 'Insured → treatment')}>
                {filing.insuredRegion} → {filing.treatmentRegion}
              </Descriptions.Item>
              <Descriptions.Item label={t('有效期', 'Validity')}>
                {filing.validFrom} ~ {filing.validUntil ?? t('长期', 'open-ended')}
              </Descriptions.Item>
              <Descriptions.Item label={t('承诺制', 'Commitment')}>
                {filing.commitment ? t('是', 'yes') : t('否', 'no')}
                {filing.commitmentDeadline ? ` · ${t('补材料期限', 'proof due')} ${filing.commitmentDeadline}` : ''}
                {filing.commitmentFulfilledOn ? ` · ${t('已补齐于', 'fulfilled on')} ${filing.commitmentFulfilledOn}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('补办', 'Retroactive')}>{filing.retroactive ? t('是', 'yes') : t('否', 'no')}</Descriptions.Item>
              <Descriptions.Item label={t('双向享受待遇', 'Both regions')}>
                {filing.benefitsBothRegions ? t('是', 'yes') : t('否', 'no')}
              </Descriptions.Item>
              <Descriptions.Item label={t('承诺期内基金支付', 'Fund paid under commitment')}>
                {yuan(filing.fundPaidUnderCommitmentFen)}
              </Descriptions.Item>
              <Descriptions.Item label={t('应追回', 'To recover')}>{yuan(filing.recoveryObligationFen)}</Descriptions.Item>
              <Descriptions.Item label={t('关联', 'Links')} span={2}>
                <Space wrap>
                  {filing.linkedFilingId ? (
                    <Link to={`/filings/${filing.linkedFilingId}`}>
                      {t('原备案', 'original')} {filing.linkedFilingId}
                    </Link>
                  ) : null}
                  {filing.reReferrals.map((r) => (
                    <Link key={r} to={`/filings/${r}`}>
                      {t('再转诊', 're-referral')} {r}
                    </Link>
                  ))}
                  {filing.supersededBy ? (
                    <Link to={`/filings/${filing.supersededBy}`}>
                      {t('被替代为', 'superseded by')} {filing.supersededBy}
                    </Link>
                  ) : null}
                  {filing.recoveryId ? (
                    <Link to={`/recoveries/${filing.recoveryId}`}>
                      {t('追回', 'recovery')} {filing.recoveryId}
                    </Link>
                  ) : null}
                  {filing.endedOn ? `${t('终止于', 'ended on')} ${filing.endedOn}` : null}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('办理记录', 'Timeline')}>
            <CaseTimeline events={filing.events} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

/** F-12: stopped, transferred out or deceased ends every live filing of the person. */
function InsuranceStatusAction({ personId, onDone }: { personId: string; onDone: () => void }) {
  const t = useT();
  return (
    <ActionButton<Schemas['InsuranceStatusChange']>
      danger
      label={t('参保状态变更', 'Insurance status')}
      title={t('参保状态变更（F-12）', 'Insurance status change (F-12)')}
      submit={(values, keys) => {
        const body = { status: values.status, effectiveDate: values.effectiveDate };
        return keys.send(body, (key) =>
          unwrap(
            client.POST('/api/v1/persons/{personId}/insurance-status', {
              params: { path: { personId }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
      onDone={onDone}
    >
      <EnumField name="status" label={t('参保状态', 'Status')} values={enumOf('InsuranceStatusChange', ['status']) ?? []} />
      <DateField name="effectiveDate" label={t('生效日期', 'Effective date')} required />
    </ActionButton>
  );
}
