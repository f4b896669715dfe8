// Admin: API keys (list, create, disable). A new key's secret is shown once; only its hash is kept.
import { Alert, Button, Card, Col, Form, Input, Popconfirm, Radio, Row, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { actionKeys, client, unwrap, type ApiError, type Schemas } from '../../api/client';
import { DataList } from '../../components/DataList';
import { RegionField, compact } from '../../components/fields';
import { ActionError, clearErrors, placeError } from '../../components/formErrors';
import { useApi } from '../../components/useApi';
import { timestamp } from '../../format';
import { useLabel, useLang, useT } from '../../i18n';

type ApiKey = Schemas['ApiKey'];
type NewKey = Schemas['ApiKeyRequest'];
const ROLES = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'] as const;

export function Keys() {
  const t = useT();
  const lang = useLang();
  const label = useLabel();
  const [form] = Form.useForm<NewKey>();
  const role = Form.useWatch('role', form);
  const [created, setCreated] = useState<Schemas['ApiKeyCreated'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const keys = useRef(actionKeys()).current;
  const list = useApi(() => unwrap(client.GET('/api/v1/admin/keys', { params: { query: { pageSize: 100 } } })), []);

  const create = async (values: NewKey) => {
    const body = compact({
      ...values,
      region: values.role === 'ADMIN' ? undefined : values.region,
      hospitalId: values.role === 'HOSPITAL' ? values.hospitalId : undefined,
    }) as NewKey;
    setBusy(true);
    setError(null);
    clearErrors(form);
    try {
      const key = await keys.send(body, () => unwrap(client.POST('/api/v1/admin/keys', { body })));
      setCreated(key);
      form.resetFields();
      list.reload();
    } catch (err) {
      setError(placeError(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  const disable = async (key: ApiKey) => {
    setListError(null);
    try {
      await unwrap(client.POST('/api/v1/admin/keys/{id}/disable', { params: { path: { id: key.id } } }));
      list.reload();
    } catch (err) {
      setListError(err as ApiError);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('新建 API 密钥', 'New API key')}>
        {created ? (
          <Alert
            type="success"
            showIcon
            closable
            onClose={() => setCreated(null)}
            style={{ marginBottom: 12 }}
            title={t('密钥已创建，只显示这一次，请立即交给使用方：', 'Key created. It is shown this once only; hand it over now:')}
            description={
              <Typography.Text copyable code data-testid="new-key">
                {created.key}
              </Typography.Text>
            }
          />
        ) : null}
        <Form<NewKey> form={form} layout="vertical" onFinish={(v) => void create(v)} initialValues={{ role: 'INSURED_CLERK' }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item label={t('角色', 'Role')} name="role" rules={[{ required: true }]}>
                <Radio.Group name="role" options={ROLES.map((r) => ({ value: r, label: label(r) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              {role !== 'ADMIN' ? <RegionField name="region" label={t('地区', 'Region')} /> : null}
            </Col>
            <Col xs={12} md={4}>
              {role === 'HOSPITAL' ? (
                <Form.Item label={t('医疗机构', 'Institution')} name="hospitalId" rules={[{ required: true, whitespace: true }]}>
                  <Input name="hospitalId" placeholder="H110000001" />
                </Form.Item>
              ) : null}
            </Col>
            <Col xs={24} md={6}>
              <Form.Item label={t('使用方', 'Label')} name="label" rules={[{ required: true, whitespace: true }]}>
                <Input name="label" maxLength={200} placeholder={t('如 湛江市医保中心 3 号窗口', 'e.g. Zhanjiang counter 3')} />
              </Form.Item>
            </Col>
          </Row>
          <ActionError error={error} />
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('创建', 'Create')}
          </Button>
        </Form>
      </Card>
      <Card title={t('API 密钥', 'API keys')}>
        <ActionError error={list.error ?? listError} />
        <DataList<ApiKey>
          caption={t('API 密钥列表', 'API keys')}
          rows={list.data?.items ?? []}
          rowKey={(k) => k.id}
          fileName="api-keys"
          loading={list.loading}
          columns={[
            {
              key: 'prefix',
              title: t('前缀', 'Prefix'),
              csv: (k) => k.prefix,
              render: (k) => <Typography.Text code>{k.prefix}…</Typography.Text>,
            },
            { key: 'label', title: t('使用方', 'Label'), csv: (k) => k.label },
            { key: 'role', title: t('角色', 'Role'), csv: (k) => k.role, render: (k) => label(k.role) },
            { key: 'region', title: t('地区', 'Region'), csv: (k) => k.region ?? '' },
            { key: 'hospital', title: t('机构', 'Institution'), csv: (k) => k.hospitalId ?? '' },
            {
              key: 'state',
              title: t('状态', 'State'),
              csv: (k) => (k.disabled ? 'DISABLED' : 'ACTIVE'),
              render: (k) => (k.disabled ? <Tag>{t('已停用', 'Disabled')}</Tag> : <Tag color="green">{t('可用', 'Active')}</Tag>),
            },
            {
              key: 'actions',
              title: t('操作', 'Actions'),
              csv: () => '',
              render: (k) =>
                k.disabled ? null : (
                  <Popconfirm
                    title={t('停用后该密钥立即失效，确定？', 'The key stops working at once. Disable it?')}
                    okText={t('停用', 'Disable')}
                    cancelText={t('取消', 'Cancel')}
                    onConfirm={() => disable(k)}
                  >
                    <Button size="small" danger aria-label={`${t('停用', 'Disable')} ${k.prefix} ${k.label}`}>
                      {t('停用', 'Disable')}
                    </Button>
                  </Popconfirm>
                ),
            },
            { key: 'agency', title: t('经办机构标识', 'Agency'), csv: (k) => k.agencyId },
            { key: 'created', title: t('创建时间', 'Created'), csv: (k) => k.createdAt, render: (k) => timestamp(k.createdAt) },
          ]}
        />
      </Card>
    </Space>
  );
}
