// Stored settlements the caller may see (a hospital its own; a clerk its insured region; an
// agency its treatment region), with the actions its role has: inquiry (clerk), reversal (hospital).
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { client, unwrap, type Schemas } from '../../api/client';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { useSettlementColumns } from '../../components/columns';
import { OpenInquiryButton } from '../../components/OpenInquiry';
import { ReverseButton } from '../../components/Reversal';
import { useApi } from '../../components/useApi';
import { useT } from '../../i18n';
import { useSession } from '../../session';

export function Settlements() {
  const t = useT();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? '';
  const personId = params.get('personId') ?? '';
  const columns = useSettlementColumns();
  const list = useApi(
    () =>
      unwrap(
        client.GET('/api/v1/settlements', {
          params: { query: { pageSize: 100, ...(period ? { period } : {}), ...(personId ? { personId } : {}) } },
        }),
      ),
    [period, personId],
  );

  const actions = {
    key: 'actions',
    title: t('操作', 'Actions'),
    csv: () => '',
    render: (s: Schemas['Settlement']) =>
      s.id && s.status !== 'REVERSED' ? (
        me.role === 'HOSPITAL' ? (
          <ReverseButton settlementId={s.id} onDone={list.reload} />
        ) : me.role === 'INSURED_CLERK' ? (
          <OpenInquiryButton settlementId={s.id} size="small" />
        ) : null
      ) : null,
  };

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {me.role === 'HOSPITAL' ? t('本院结算记录', 'Our settlements') : t('结算记录', 'Settlements')}
      </Typography.Title>
      <ActionError error={list.error} />
      <DataList
        caption={t('结算列表', 'Settlements')}
        rows={list.data?.items ?? []}
        columns={
          me.role === 'HOSPITAL'
            ? [...columns.filter((c) => c.key !== 'hospitalId' && c.key !== 'kind'), actions] // its own institution, direct settlements
            : me.role === 'INSURED_CLERK'
              ? [...columns, actions]
              : columns
        }
        rowKey={(s) => s.id ?? s.settledAt}
        fileName={`settlements${period ? `-${period}` : ''}`}
        loading={list.loading}
        toolbar={
          <Form
            layout="inline"
            initialValues={{ period, personId }}
            onFinish={(v: { period?: string; personId?: string }) => {
              const next: Record<string, string> = {};
              if (v.period?.trim()) next.period = v.period.trim();
              if (v.personId?.trim()) next.personId = v.personId.trim().toUpperCase();
              setParams(next);
            }}
          >
            <Form.Item label={t('清算期', 'Period')} name="period">
              <Input name="period" placeholder="2026-03" style={{ width: 110 }} />
            </Form.Item>
            <Form.Item label={t('身份证号', 'ID number')} name="personId">
              <Input name="personId" style={{ width: 200 }} maxLength={18} />
            </Form.Item>
            <Space>
              <Button htmlType="submit">{t('筛选', 'Filter')}</Button>
              <Button onClick={list.reload}>{t('刷新', 'Refresh')}</Button>
            </Space>
          </Form>
        }
      />
    </Card>
  );
}
