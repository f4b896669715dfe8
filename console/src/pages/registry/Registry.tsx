// U-2 / H-1: the designated-institution registry of the agency's region, with suspension and
// reinstatement from a date (audited), each institution's dated history.
import { Button, Card, Form, Input, Popover, Space, Tag, Timeline, Typography } from 'antd';
import { client, unwrap, type Schemas } from '../../api/client';
import { ActionButton } from '../../components/ActionButton';
import { DataList } from '../../components/DataList';
import { DateField } from '../../components/fields';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { timestamp, todayInShanghai } from '../../format';
import { useLabel, useT } from '../../i18n';
import { useSession } from '../../session';

type Hospital = Schemas['Hospital'];
type Change = Schemas['InstitutionStatusChangeRequest'];

function within(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  if (outer.endsWith('0000')) return inner.slice(0, 2) === outer.slice(0, 2);
  if (outer.endsWith('00')) return inner.slice(0, 4) === outer.slice(0, 4);
  return false;
}

export function Registry() {
  const t = useT();
  const label = useLabel();
  const { me } = useSession();
  const region = me.role === 'TREATMENT_AGENCY' ? (me.region ?? undefined) : undefined;
  const list = useApi(() => unwrap(client.GET('/api/v1/hospitals', { params: { query: region ? { region } : {} } })), [region]);
  const mayChange = (h: Hospital) => me.role === 'ADMIN' || (me.role === 'TREATMENT_AGENCY' && !!me.region && within(me.region, h.region));

  const change = (h: Hospital, to: 'suspension' | 'reinstatement') => (
    <ActionButton<Change>
      danger={to === 'suspension'}
      label={to === 'suspension' ? t('暂停结算', 'Suspend') : t('恢复结算', 'Reinstate')}
      title={`${to === 'suspension' ? t('暂停异地直接结算', 'Suspend direct settlement') : t('恢复异地直接结算', 'Reinstate direct settlement')} · ${h.name}（H-1）`}
      initialValues={{ effectiveDate: todayInShanghai() }}
      submit={(values, keys) => {
        const body = { reason: values.reason.trim(), effectiveDate: values.effectiveDate };
        const path = { id: h.id };
        return keys.send(body, (key) =>
          unwrap(
            to === 'suspension'
              ? client.POST('/api/v1/hospitals/{id}/suspension', { params: { path, header: { 'Idempotency-Key': key } }, body })
              : client.POST('/api/v1/hospitals/{id}/reinstatement', { params: { path, header: { 'Idempotency-Key': key } }, body }),
          ),
        );
      }}
      onDone={list.reload}
    >
      <Form.Item label={t('原因', 'Reason')} name="reason" rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea name="reason" rows={2} maxLength={500} />
      </Form.Item>
      <DateField name="effectiveDate" label={t('生效日期', 'Effective date')} required />
    </ActionButton>
  );

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('定点医药机构', 'Designated institutions')} {region ? <Tag>{region}</Tag> : null}
      </Typography.Title>
      <ActionError error={list.error} />
      <DataList<Hospital>
        caption={t('定点机构列表', 'Institutions')}
        rows={list.data?.items ?? []}
        rowKey={(h) => h.id}
        fileName={`institutions${region ? `-${region}` : ''}`}
        loading={list.loading}
        toolbar={<Button onClick={list.reload}>{t('刷新', 'Refresh')}</Button>}
        columns={[
          { key: 'id', title: t('编码', 'Id'), csv: (h) => h.id },
          { key: 'name', title: t('名称', 'Name'), csv: (h) => h.name },
          { key: 'region', title: t('地区', 'Region'), csv: (h) => h.region },
          { key: 'level', title: t('等级', 'Level'), csv: (h) => h.level },
          {
            key: 'networked',
            title: t('联网', 'Networked'),
            csv: (h) => h.networked,
            render: (h) => (h.networked ? t('是', 'yes') : t('否', 'no')),
          },
          {
            key: 'referral',
            title: t('转诊资格', 'Referral rights'),
            csv: (h) => h.referralRights,
            render: (h) => (h.referralRights ? t('有', 'yes') : '—'),
          },
          {
            key: 'designated',
            title: t('指定转诊', 'Designated referrer'),
            csv: (h) => h.designatedReferrer,
            render: (h) => (h.designatedReferrer ? t('是', 'yes') : '—'),
          },
          { key: 'status', title: t('状态', 'Status'), csv: (h) => h.status, render: (h) => <StatusTag value={h.status} /> },
          { key: 'since', title: t('自', 'Since'), csv: (h) => h.statusSince ?? '' },
          { key: 'reason', title: t('原因', 'Reason'), csv: (h) => h.statusReason ?? '' },
          {
            key: 'history',
            title: t('变更历史', 'History'),
            csv: (h) => h.history.map((c) => `${c.effectiveDate} ${c.status} ${c.reason}`).join(' | '),
            render: (h) =>
              h.history.length ? (
                <Popover
                  title={h.name}
                  content={
                    <Timeline
                      items={h.history.map((c) => ({
                        key: c.seq,
                        content: `${c.effectiveDate} ${label(c.status)} · ${c.reason} · ${c.recordedBy} ${timestamp(c.recordedAt)}`,
                      }))}
                    />
                  }
                >
                  <Button size="small">{t(`${h.history.length} 条`, `${h.history.length}`)}</Button>
                </Popover>
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('操作', 'Actions'),
            csv: () => '',
            render: (h) =>
              mayChange(h) ? <Space>{h.status === 'ACTIVE' ? change(h, 'suspension') : change(h, 'reinstatement')}</Space> : null,
          },
        ]}
      />
    </Card>
  );
}
