// M-1 (U-1): the monitoring warnings of the caller's region; a clerk acknowledges an open one with
// the assessment and what was done.
import { Form, Input } from 'antd';
import { client, unwrap, type Schemas } from '../../api/client';
import { allPages } from '../../api/pages';
import { ActionButton } from '../../components/ActionButton';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { useLabel, useT } from '../../i18n';
import { useSession } from '../../session';

type Warning = Schemas['Warning'];

export function WarningsTab() {
  const t = useT();
  const label = useLabel();
  const { me } = useSession();
  // Every warning of the region, open and acknowledged: an open one must not hide on a later page.
  const list = useApi(
    () => allPages((page) => unwrap(client.GET('/api/v1/monitoring/warnings', { params: { query: { page, pageSize: 100 } } }))),
    [],
  );
  return (
    <>
      <ActionError error={list.error} />
      <DataList<Warning>
        caption={t('监测预警', 'Warnings')}
        rows={list.data ?? []}
        rowKey={(w) => w.id}
        fileName="warnings"
        loading={list.loading}
        columns={[
          { key: 'period', title: t('月份', 'Month'), csv: (w) => w.period },
          { key: 'kind', title: t('类别', 'Kind'), csv: (w) => w.kind, render: (w) => label(w.kind) },
          {
            key: 'scope',
            title: t('范围', 'Scope'),
            csv: (w) => `${w.scope.insuredRegion}->${w.scope.treatmentRegion}${w.scope.hospitalId ? ` ${w.scope.hospitalId}` : ''}`,
          },
          { key: 'value', title: t('数值/阈值', 'Value / threshold'), csv: (w) => `${w.value} / ${w.threshold}` },
          { key: 'status', title: t('状态', 'Status'), csv: (w) => w.status, render: (w) => <StatusTag value={w.status} /> },
          {
            key: 'note',
            title: t('处置说明', 'Note'),
            csv: (w) => (w.acknowledgedOn ? `${w.note ?? ''} (${w.acknowledgedOn})` : ''),
            render: (w) =>
              w.acknowledgedOn ? <span data-testid={`warning-note-${w.id}`}>{`${w.note ?? ''} · ${w.acknowledgedOn}`}</span> : '—',
          },
          {
            key: 'actions',
            title: t('操作', 'Actions'),
            csv: () => '',
            render: (w) =>
              me.role === 'INSURED_CLERK' && w.status === 'OPEN' ? (
                <ActionButton<Schemas['WarningAcknowledgement']>
                  testId={`acknowledge-${w.id}`}
                  label={t('处置', 'Acknowledge')}
                  title={t('预警评估处置（M-1）', 'Acknowledge the warning (M-1)')}
                  submit={(values, keys) => {
                    const body = { note: values.note.trim() };
                    return keys.send(body, (key) =>
                      unwrap(
                        client.POST('/api/v1/monitoring/warnings/{id}/acknowledgement', {
                          params: { path: { id: w.id }, header: { 'Idempotency-Key': key } },
                          body,
                        }),
                      ),
                    );
                  }}
                  onDone={list.reload}
                >
                  <Form.Item
                    label={t('评估与处置说明', 'Assessment and action')}
                    name="note"
                    rules={[{ required: true, whitespace: true }]}
                  >
                    <Input.TextArea name="note" rows={3} />
                  </Form.Item>
                </ActionButton>
              ) : null,
          },
        ]}
      />
    </>
  );
}
