// P-2 drawn (U-4): the reconciliation, settlement and application rates of every clearing period
// the caller may see, oldest first.
import { Card, Space } from 'antd';
import { useMemo } from 'react';
import { ActionError } from '../../components/formErrors';
import { Chart } from '../../components/Chart';
import { useApi } from '../../components/useApi';
import { useT } from '../../i18n';
import { loadClearings } from '../clearing/Clearings';
import { useRateChart } from '../clearing/rateChart';

export function ClearingRatesTab() {
  const t = useT();
  const list = useApi(loadClearings, []);
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => a.period.localeCompare(b.period)), [list.data]);
  const option = useRateChart(rows, t);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionError error={list.error} />
      <Card size="small" title={t('对账率、结算率、申请率（P-2）', 'Reconciliation, settlement and application rates (P-2)')}>
        <Chart option={option} label={t('清算三率', 'Clearing rates')} />
      </Card>
    </Space>
  );
}
