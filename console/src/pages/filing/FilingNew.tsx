// U-1: a filing opened with the rules' checks shown before it is sent (ID check character, region
// codes, subtype, proof or commitment), and the API's refusal shown beside the field it concerns
// (E-1), nothing typed lost. Inputs are named after the API fields.
import { Alert, Button, Card, Checkbox, Col, Form, Input, Row, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { actionKeys, client, unwrap, type ApiError, type Schemas } from '../../api/client';
import { ActionError, clearErrors, placeError } from '../../components/formErrors';
import { DateField, EnumField, PersonIdField, ProofKindField, RegionField, SchemeField, compact } from '../../components/fields';
import { hasField } from '../../api/contract';
import { useLang, useT } from '../../i18n';
import { useSession } from '../../session';

type FilingRequest = Schemas['FilingRequest'];
const TYPES = ['LONG_TERM', 'REFERRAL', 'EMERGENCY', 'OTHER_TEMPORARY'] as const;
const SUBTYPES = ['RESETTLED', 'RESIDENT', 'WORKING'] as const;

export function FilingNew() {
  const t = useT();
  const lang = useLang();
  const { me } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<FilingRequest>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const keys = useRef(actionKeys()).current;
  const type = Form.useWatch('type', form);
  const subtype = Form.useWatch('subtype', form);
  const commitment = Form.useWatch('commitment', form);
  const proofKind = Form.useWatch(['proof', 'kind'], form);

  const hints: string[] = [];
  if (type === 'EMERGENCY')
    hints.push(
      t(
        '急诊抢救视同已备案，可直接结算，一般无需办理（F-3）。',
        'Emergency care is deemed filed and settles directly; usually no filing is needed (F-3).',
      ),
    );
  if (type === 'OTHER_TEMPORARY' && commitment)
    hints.push(t('其他临时外出就医不能办理承诺制备案（F-6）。', 'OTHER_TEMPORARY cannot be a commitment filing (F-6).'));
  if (type && type !== 'EMERGENCY' && type !== 'REFERRAL' && !commitment && !proofKind)
    hints.push(
      t(
        '未提供备案材料：请填写材料名称，或勾选承诺制备案（F-6）。',
        'No proof given: name the document, or apply as a commitment filing (F-6).',
      ),
    );
  if (commitment && proofKind) hints.push(t('材料已齐全时无需承诺制（F-6）。', 'With the proof supplied no commitment is needed (F-6).'));

  const submit = async (values: FilingRequest) => {
    const body = compact({
      ...values,
      subtype: values.type === 'LONG_TERM' ? values.subtype : undefined,
      personCategory:
        values.type === 'LONG_TERM' && values.subtype === 'WORKING' ? (values as { personCategory?: string }).personCategory : undefined,
      referral: values.type === 'REFERRAL' ? values.referral : undefined,
      commitment: Boolean(values.commitment),
      selfService: values.selfService ? true : undefined,
    }) as FilingRequest;
    setBusy(true);
    setError(null);
    clearErrors(form);
    try {
      const filing = await keys.send(body, (key) =>
        unwrap(client.POST('/api/v1/filings', { body, params: { header: { 'Idempotency-Key': key } } })),
      );
      void navigate(`/filings/${filing.id}`);
    } catch (err) {
      setError(placeError(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('办理异地就医备案', 'New cross-region filing')}
      </Typography.Title>
      <Form<FilingRequest>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        scrollToFirstError
        initialValues={{
          personId: params.get('personId') ?? '',
          insuredRegion: me.region ?? '',
          commitment: false,
          scheme: 'EMPLOYEE',
          type: 'LONG_TERM',
        }}
      >
        <Row gutter={24}>
          <Col xs={24} md={8}>
            <PersonIdField />
          </Col>
          <Col xs={24} md={8}>
            <RegionField name="insuredRegion" label={t('参保地', 'Insured region')} />
          </Col>
          <Col xs={24} md={8}>
            <RegionField name="treatmentRegion" label={t('就医地', 'Treatment region')} />
          </Col>
        </Row>
        <Row gutter={24}>
          <Col xs={24} md={8}>
            <SchemeField />
          </Col>
          <Col xs={24} md={16}>
            <EnumField name="type" label={t('备案类型', 'Filing type')} values={TYPES} />
          </Col>
        </Row>
        {type === 'LONG_TERM' ? (
          <EnumField name="subtype" label={t('长期居住子类型（F-1）', 'Long-term subtype (F-1)')} values={SUBTYPES} />
        ) : null}
        {type === 'LONG_TERM' && subtype === 'WORKING' && hasField('FilingRequest', ['personCategory']) ? (
          <EnumField
            name="personCategory"
            label={t('人员类别（常驻异地工作限在职，F-1）', 'Category (WORKING: in service only, F-1)')}
            values={['IN_SERVICE', 'RETIRED']}
          />
        ) : null}
        <Typography.Title level={5}>{t('备案材料', 'Proof')}</Typography.Title>
        <ProofKindField />
        <Row gutter={24}>
          <Col xs={24} md={8}>
            <DateField name={['proof', 'validUntil']} label={t('材料有效期至', 'Proof valid until')} />
          </Col>
          <Col xs={24} md={8}>
            <DateField name={['proof', 'residentSince']} label={t('材料显示居住起始日', 'Resident since (per proof)')} />
          </Col>
        </Row>
        <Form.Item name="commitment" valuePropName="checked">
          <Checkbox name="commitment">
            {t('承诺制备案（材料暂缺，6 个月内补齐，F-6）', 'Commitment filing (proof later, within 6 months, F-6)')}
          </Checkbox>
        </Form.Item>
        {type === 'REFERRAL' ? (
          <Row gutter={24}>
            <Col xs={24} md={8}>
              <Form.Item label={t('转出医院', 'Referring hospital')} name={['referral', 'fromHospital']}>
                <Input name="referral.fromHospital" maxLength={40} placeholder="H440800001" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('转诊证明编号', 'Referral certificate no.')} name={['referral', 'certificateNo']}>
                <Input name="referral.certificateNo" maxLength={60} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}
        <Row gutter={24}>
          <Col xs={24} md={8}>
            <DateField name="startDate" label={t('备案开始日（早于今天为补办，F-5）', 'Start date (before today: retroactive, F-5)')} />
          </Col>
          <Col xs={24} md={8}>
            <DateField name="admissionDate" label={t('入院日期', 'Admission date')} />
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('办理渠道', 'Channel')} name="selfService" valuePropName="checked">
              <Checkbox name="selfService">{t('参保人自助办理', 'Filed by the person online')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        {hints.length ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('规则提示', 'Rule checks')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {hints.map((h) => (
                  <li key={h}>{h}</li>
                ))}
              </ul>
            }
          />
        ) : null}
        <ActionError error={error} />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('提交备案', 'Submit filing')}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t('返回', 'Back')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
