// Admin: readiness, the simulation clock (time-skipping server only: watch deadlines fire), and
// links into the Temporal UI.
import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { client, unwrap, type ApiError, type Schemas } from '../../api/client';
import { ActionError, clearErrors, placeError } from '../../components/formErrors';
import { TEMPORAL_UI_STORAGE, temporalUiBase, temporalWorkflowUrl } from '../../components/TemporalLink';
import { useApi } from '../../components/useApi';
import { timestamp } from '../../format';
import { useLang, useT } from '../../i18n';
import { useSession } from '../../session';

export function SystemPage() {
  const t = useT();
  const lang = useLang();
  const { can } = useSession();
  const simulation = can('POST /api/v1/dev/clock/advance');
  const ready = useApi(() => fetch('/readyz').then(async (r) => (await r.json()) as Schemas['Health']), []);
  const [form] = Form.useForm<{ duration: string }>();
  const [clock, setClock] = useState<Schemas['Clock'] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [base, setBase] = useState(temporalUiBase());
  const [caseId, setCaseId] = useState('');

  const advance = async (duration: string) => {
    setBusy(true);
    setError(null);
    clearErrors(form);
    try {
      setClock(await unwrap(client.POST('/api/v1/dev/clock/advance', { body: { duration } })));
    } catch (err) {
      setError(placeError(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('运行状态', 'Readiness')}>
        <Descriptions size="small" column={3} bordered>
          <Descriptions.Item label={t('整体', 'Overall')}>
            <Tag color={ready.data?.status === 'ok' ? 'green' : 'red'}>{ready.data?.status ?? '…'}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="Temporal">{String(ready.data?.checks?.temporal ?? '…')}</Descriptions.Item>
          <Descriptions.Item label={t('数据库', 'Database')}>{String(ready.data?.checks?.database ?? '…')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('模拟时钟', 'Simulation clock')}>
        {simulation ? (
          <>
            <Typography.Paragraph type="secondary">
              {t(
                '仅在模拟模式（npm start -- --simulate）下可用：时钟前移后，期间到期的定时器都会触发。',
                'Simulation mode only (npm start -- --simulate): timers due in between fire.',
              )}
            </Typography.Paragraph>
            <ActionError error={error} />
            <Form form={form} layout="inline" onFinish={(v) => void advance(v.duration)} initialValues={{ duration: 'P1D' }}>
              <Form.Item label={t('前移时长（ISO 8601）', 'Advance by (ISO 8601)')} name="duration" rules={[{ required: true }]}>
                <Input name="duration" style={{ width: 120 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('前移', 'Advance')}
              </Button>
              <Space style={{ marginLeft: 12 }}>
                {['P1D', 'P10D', 'P1M', 'P6M'].map((d) => (
                  <Button key={d} onClick={() => void advance(d)} disabled={busy}>
                    +{d}
                  </Button>
                ))}
              </Space>
            </Form>
            {clock ? (
              <Alert
                style={{ marginTop: 12 }}
                type="success"
                title={`${t('时钟', 'Clock')}: ${timestamp(clock.from)} → ${timestamp(clock.to)}`}
              />
            ) : null}
          </>
        ) : (
          <Alert
            type="info"
            title={t('服务器未运行在模拟模式，时钟不可调。', 'The server does not run in simulation mode; the clock cannot be moved.')}
          />
        )}
      </Card>
      <Card title="Temporal UI">
        <Form layout="inline">
          <Form.Item label={t('Temporal UI 地址', 'Temporal UI address')}>
            <Input
              name="temporalUi"
              value={base}
              style={{ width: 280 }}
              onChange={(e) => {
                setBase(e.target.value);
                localStorage.setItem(TEMPORAL_UI_STORAGE, e.target.value);
              }}
            />
          </Form.Item>
          <Form.Item label={t('案件号', 'Case id')}>
            <Input
              name="caseId"
              value={caseId}
              onChange={(e) => setCaseId(e.target.value.trim())}
              placeholder="FIL-… / INQ-… / REC-…"
              style={{ width: 260 }}
            />
          </Form.Item>
          <Button href={caseId ? temporalWorkflowUrl(caseId) : undefined} target="_blank" disabled={!caseId}>
            {t('打开工作流', 'Open workflow')}
          </Button>
        </Form>
        <Space style={{ marginTop: 12 }} wrap>
          <Typography.Link href={`${base}/namespaces/default/workflows`} target="_blank">
            {t('全部工作流', 'All workflows')}
          </Typography.Link>
          <Typography.Link
            href={`${base}/namespaces/default/workflows?query=${encodeURIComponent("ExecutionStatus='Running'")}`}
            target="_blank"
          >
            {t('运行中的工作流', 'Running workflows')}
          </Typography.Link>
          <Typography.Link href={`${base}/namespaces`} target="_blank">
            {t('命名空间', 'Namespaces')}
          </Typography.Link>
          <Typography.Link href="/docs" target="_blank">
            {t('接口文档', 'API contract')}
          </Typography.Link>
        </Space>
      </Card>
    </Space>
  );
}
