// RC-2: a clerk orders a recovery of fund money from an audit, a fraud case, an inquiry or a lapsed
// commitment; one recovery per source, whatever is sent twice.
import { Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { actionKeys, client, unwrap, type ApiError, type Schemas } from '../../api/client';
import { EnumField, RegionField, compact } from '../../components/fields';
import { ActionError, clearErrors, placeError } from '../../components/formErrors';
import { fenFromYuan } from '../../format';
import { useLang, useSchemeLabel, useT } from '../../i18n';
import { useSession } from '../../session';

interface RecoveryForm {
  amountYuan: number;
  source: { type: Schemas['RecoveryRequest']['source']['type']; id: string };
  debtor: string;
  reason: string;
  treatmentRegion: string;
  insuredRegion?: string;
  debtorRegion?: string;
  scheme?: 'EMPLOYEE' | 'RESIDENT';
}

export function RecoveryNew() {
  const t = useT();
  const lang = useLang();
  const scheme = useSchemeLabel();
  const navigate = useNavigate();
  const { me } = useSession();
  const [form] = Form.useForm<RecoveryForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const keys = useRef(actionKeys()).current;

  const submit = async (v: RecoveryForm) => {
    const body = compact({ ...v, amountYuan: undefined, amountFen: fenFromYuan(v.amountYuan) as number }) as Schemas['RecoveryRequest'];
    setBusy(true);
    setError(null);
    clearErrors(form);
    try {
      const recovery = await keys.send(body, (key) =>
        unwrap(client.POST('/api/v1/recoveries', { body, params: { header: { 'Idempotency-Key': key } } })),
      );
      void navigate(`/recoveries/${recovery.id}`);
    } catch (err) {
      setError(placeError(form, err, lang, { alias: (name) => (name[0] === 'amountFen' ? ['amountYuan'] : name) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('下达追回', 'Order a recovery')}
      </Typography.Title>
      <Form<RecoveryForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ source: { type: 'AUDIT', id: '' } }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <EnumField name={['source', 'type']} label={t('来源', 'Source')} values={['INQUIRY', 'COMMITMENT', 'AUDIT', 'FRAUD']} />
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('来源编号', 'Source id')} name={['source', 'id']} rules={[{ required: true, whitespace: true }]}>
              <Input name="source.id" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('追回金额（元，不含罚款）', 'Amount (yuan, fines excluded)')}
              name="amountYuan"
              rules={[{ required: true }]}
            >
              <InputNumber name="amountYuan" min={0.01} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('责任方', 'Debtor')} name="debtor" rules={[{ required: true, whitespace: true }]}>
              <Input name="debtor" placeholder="H110000001" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('险种（协查/承诺来源可不填）', 'Scheme (looked up for inquiry/commitment)')} name="scheme">
              <InputSchemes labels={scheme} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <RegionField name="treatmentRegion" label={t('就医地', 'Treatment region')} />
          </Col>
          <Col xs={24} md={8}>
            <RegionField
              name="debtorRegion"
              label={t('催缴经办机构地区（默认就医地）', 'Collecting agency region (default treatment)')}
              required={false}
            />
          </Col>
          {me.role === 'ADMIN' ? (
            <Col xs={24} md={8}>
              <RegionField name="insuredRegion" label={t('参保地', 'Insured region')} />
            </Col>
          ) : null}
        </Row>
        <Form.Item label={t('事由', 'Reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea name="reason" rows={3} maxLength={2000} />
        </Form.Item>
        <ActionError error={error} />
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('下达', 'Order')}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t('返回', 'Back')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

function InputSchemes({
  labels,
  value,
  onChange,
  id,
}: {
  labels: (v: string) => string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  return (
    <select
      id={id}
      name="scheme"
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value || undefined)}
      style={{ height: 32, minWidth: 160 }}
    >
      <option value="">—</option>
      {['EMPLOYEE', 'RESIDENT'].map((v) => (
        <option key={v} value={v}>
          {labels(v)}
        </option>
      ))}
    </select>
  );
}
