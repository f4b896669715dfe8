// U-1 landing: find a person's filings (and settlements) by ID number; either of a person's
// numbers finds them.
import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { client, unwrap, type ApiError, type Schemas } from '../../api/client';
import { DataList } from '../../components/DataList';
import { ActionError, clearErrors, placeError } from '../../components/formErrors';
import { useFilingColumns, useSettlementColumns } from '../../components/columns';
import { OpenInquiryButton } from '../../components/OpenInquiry';
import { useApi } from '../../components/useApi';
import { personIdProblem } from '../../format';
import { useLang, useT } from '../../i18n';
import { useSession } from '../../session';

export function PersonSearch() {
  const t = useT();
  const lang = useLang();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const personId = params.get('personId') ?? '';
  const [form] = Form.useForm<{ personId: string }>();
  const filingColumns = useFilingColumns();
  const settlementColumns = useSettlementColumns();

  const filings = useApi(
    () => unwrap(client.GET('/api/v1/filings', { params: { query: { pageSize: 100, ...(personId ? { personId } : {}) } } })),
    [personId],
  );
  const settlements = useApi(
    personId ? () => unwrap(client.GET('/api/v1/settlements', { params: { query: { personId, pageSize: 100 } } })) : null,
    [personId],
  );
  // A search the API refused is shown beside the ID number, which stays as typed.
  const refused = filings.error ?? settlements.error;
  const [unplaced, setUnplaced] = useState<ApiError | null>(null);
  useEffect(() => {
    setUnplaced(refused ? placeError(form, refused, lang) : null);
  }, [refused, form, lang]);

  const search = ({ personId: typed }: { personId: string }) => {
    clearErrors(form);
    const value = typed.trim().toUpperCase();
    setParams(value ? { personId: value } : {});
  };

  const settlementRows: Schemas['Settlement'][] = settlements.data?.items ?? [];
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('参保人备案查询', 'Find a person')}
        </Typography.Title>
        <Form
          form={form}
          layout="inline"
          onFinish={search}
          initialValues={{ personId }}
          aria-label={t('按身份证号查询', 'Search by ID number')}
        >
          <Form.Item
            label={t('身份证号', 'ID number')}
            name="personId"
            rules={[
              {
                validator: async (_r, value?: string) => {
                  if (!value) return;
                  const problem = personIdProblem(value.trim());
                  if (problem === 'length') throw new Error(t('身份证号为 18 位', 'An ID number has 18 characters'));
                  if (problem === 'check') throw new Error(t('校验位不正确（GB 11643）', 'Wrong check character (GB 11643)'));
                },
              },
            ]}
          >
            <Input name="personId" style={{ width: 260 }} maxLength={18} allowClear placeholder="440802199001011234" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('查询', 'Search')}
            </Button>
          </Form.Item>
          {me.role === 'INSURED_CLERK' ? (
            <Form.Item>
              <Link to={personId ? `/filings/new?personId=${personId}` : '/filings/new'}>
                {t('为此人办理备案', 'New filing for this person')}
              </Link>
            </Form.Item>
          ) : null}
        </Form>
      </Card>
      <ActionError error={unplaced} />
      <Card title={personId ? `${t('备案', 'Filings of')} ${personId}` : t('本地区最近备案', 'Latest filings of your region')}>
        <DataList
          caption={t('备案列表', 'Filings')}
          rows={filings.data?.items ?? []}
          columns={filingColumns}
          rowKey={(f) => f.id}
          fileName={`filings-${personId || 'latest'}`}
          loading={filings.loading}
        />
      </Card>
      {personId ? (
        <Card title={`${t('结算记录', 'Settlements of')} ${personId}`}>
          <DataList
            caption={t('结算列表', 'Settlements')}
            rows={settlementRows}
            columns={[
              ...settlementColumns,
              ...(me.role === 'INSURED_CLERK'
                ? [
                    {
                      key: 'actions',
                      title: t('操作', 'Actions'),
                      csv: () => '',
                      render: (s: Schemas['Settlement']) =>
                        s.id && s.status !== 'REVERSED' ? <OpenInquiryButton settlementId={s.id} size="small" /> : null,
                    },
                  ]
                : []),
            ]}
            rowKey={(s) => s.id ?? s.settledAt}
            fileName={`settlements-${personId}`}
            loading={settlements.loading}
          />
        </Card>
      ) : null}
    </Space>
  );
}
