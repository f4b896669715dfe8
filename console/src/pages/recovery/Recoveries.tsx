// U-1: the recoveries of the clerk's insured region (RC-2..RC-4).
import { Button, Card, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { client, unwrap, type Schemas } from '../../api/client';
import { allPages } from '../../api/pages';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { useRecoveryColumns } from '../../components/columns';
import { useApi } from '../../components/useApi';
import { useT } from '../../i18n';

type SourceType = Schemas['Recovery']['source']['type'];

export function Recoveries() {
  const t = useT();
  const columns = useRecoveryColumns();
  const [sourceType, setSourceType] = useState<'' | SourceType>('');
  const list = useApi(
    () =>
      allPages((page) =>
        unwrap(client.GET('/api/v1/recoveries', { params: { query: { page, pageSize: 100, ...(sourceType ? { sourceType } : {}) } } })),
      ),
    [sourceType],
  );
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('基金追回', 'Recoveries')}
        </Typography.Title>
        <Link to="/recoveries/new">{t('下达追回', 'Order a recovery')}</Link>
      </Space>
      <ActionError error={list.error} />
      <DataList
        caption={t('追回列表', 'Recoveries')}
        rows={list.data ?? []}
        columns={columns}
        rowKey={(r) => r.id}
        fileName="recoveries"
        loading={list.loading}
        toolbar={
          <Space>
            <Radio.Group
              aria-label={t('来源', 'Source')}
              value={sourceType}
              onChange={(e) => setSourceType(e.target.value as typeof sourceType)}
              optionType="button"
              size="small"
              options={[
                { value: '', label: t('全部', 'All') },
                { value: 'INQUIRY', label: t('协查', 'Inquiry') },
                { value: 'COMMITMENT', label: t('承诺', 'Commitment') },
                { value: 'AUDIT', label: t('审核', 'Audit') },
                { value: 'FRAUD', label: t('欺诈', 'Fraud') },
              ]}
            />
            <Button size="small" onClick={list.reload}>
              {t('刷新', 'Refresh')}
            </Button>
          </Space>
        }
      />
    </Card>
  );
}
