// U-2 inbox (treatment-region agency: the requests addressed to it) and the clerk's list of its
// region's inquiries: sorted by due date, overdue ones marked and first.
import { Button, Card, Checkbox, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import { allPages } from '../../api/pages';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { useInquiryColumns } from '../../components/columns';
import { useApi } from '../../components/useApi';
import { useT } from '../../i18n';

type Inquiry = Schemas['Inquiry'];
const CLOSED = ['CONFIRMED'];

export function byDueDate(a: Inquiry, b: Inquiry): number {
  const closedA = CLOSED.includes(a.status) ? 1 : 0;
  const closedB = CLOSED.includes(b.status) ? 1 : 0;
  return closedA - closedB || Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id);
}

export function Inquiries({ inbox }: { inbox?: boolean }) {
  const t = useT();
  const columns = useInquiryColumns();
  const [showClosed, setShowClosed] = useState(!inbox);
  const [kind, setKind] = useState<'' | Inquiry['kind']>('');
  const list = useApi(
    () =>
      allPages((page) =>
        unwrap(client.GET('/api/v1/inquiries', { params: { query: { page, pageSize: 100, ...(kind ? { kind } : {}) } } })),
      ),
    [kind],
  );
  const rows = (list.data ?? []).filter((i) => showClosed || !CLOSED.includes(i.status)).sort(byDueDate);
  const overdue = rows.filter((i) => i.overdue).length;

  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {inbox ? t('待办收件箱', 'Inbox') : t('费用协查与问题协同', 'Expense inquiries and issue collaboration')}
        {overdue ? (
          <Typography.Text type="danger" style={{ fontSize: 14, marginLeft: 12 }}>
            {t(`${overdue} 件逾期`, `${overdue} overdue`)}
          </Typography.Text>
        ) : null}
      </Typography.Title>
      {inbox ? (
        <Typography.Paragraph type="secondary">
          {t(
            '发给本机构的协查、协同请求，按答复期限排序，逾期的在最前（I-2、I-4、I-6）。',
            'Requests addressed to your agency, by due date, overdue first (I-2, I-4, I-6).',
          )}
        </Typography.Paragraph>
      ) : null}
      <ActionError error={list.error} />
      <DataList
        caption={inbox ? t('待办收件箱', 'Inbox') : t('协查列表', 'Inquiries')}
        rows={rows}
        columns={columns}
        rowKey={(i) => i.id}
        fileName={inbox ? 'inbox' : 'inquiries'}
        loading={list.loading}
        rowClassName={(i) => (i.overdue ? 'row-overdue' : '')}
        toolbar={
          <Space wrap>
            <Radio.Group
              aria-label={t('类别', 'Kind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as typeof kind)}
              optionType="button"
              size="small"
              options={[
                { value: '', label: t('全部', 'All') },
                { value: 'EXPENSE_INQUIRY', label: t('费用协查', 'Expense inquiry') },
                { value: 'ISSUE_COLLABORATION', label: t('问题协同', 'Collaboration') },
              ]}
            />
            <Checkbox checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)}>
              {t('含已办结', 'Include closed')}
            </Checkbox>
            <Button size="small" onClick={list.reload}>
              {t('刷新', 'Refresh')}
            </Button>
          </Space>
        }
      />
    </Card>
  );
}
