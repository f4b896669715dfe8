// U-1, U-4 / P-2, P-3: the clearing periods of the caller's pairs, newest first, with their three
// rates drawn, the net due and the payment deadline counting down; each links to its page.
import { Card, Space } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { client, unwrap } from '../../api/client';
import { Chart } from '../../components/Chart';
import { Countdown } from '../../components/Countdown';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { percent, yuan } from '../../format';
import { useT } from '../../i18n';
import { useRateChart, type Clearing } from './rateChart';

/** The newest 100 periods (the API answers newest first); a pair has twelve a year. */
export function loadClearings(): Promise<Clearing[]> {
  return unwrap(client.GET('/api/v1/clearings', { params: { query: { pageSize: 100 } } })).then((page) => page.items);
}

export function Clearings() {
  const t = useT();
  const list = useApi(loadClearings, []);
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => b.period.localeCompare(a.period)), [list.data]);
  const oldestFirst = useMemo(() => [...rows].reverse(), [rows]);
  const chart = useRateChart(oldestFirst, t);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card title={t('清算率', 'Clearing rates')}>
        <Chart option={chart} label={t('各期对账率、结算率、申请率', 'Reconciliation, settlement and application rates per period')} />
      </Card>
      <Card title={t('清算期', 'Clearing periods')}>
        <ActionError error={list.error} />
        <DataList<Clearing>
          caption={t('清算期', 'Clearing periods')}
          rows={rows}
          rowKey={(c) => c.id}
          fileName="clearings"
          loading={list.loading}
          columns={[
            { key: 'id', title: t('清算号', 'Clearing'), csv: (c) => c.id, render: (c) => <Link to={`/clearings/${c.id}`}>{c.id}</Link> },
            { key: 'period', title: t('期间', 'Period'), csv: (c) => c.period },
            { key: 'pair', title: t('参保地→就医地', 'Insured → treatment'), csv: (c) => `${c.insuredRegion}->${c.treatmentRegion}` },
            { key: 'status', title: t('状态', 'Status'), csv: (c) => c.status, render: (c) => <StatusTag value={c.status} /> },
            { key: 'rec', title: t('对账率', 'Reconciled'), csv: (c) => percent(c.rates.reconciliationPercent) },
            { key: 'set', title: t('结算率', 'Settled'), csv: (c) => percent(c.rates.settlementPercent) },
            { key: 'app', title: t('申请率', 'Applied'), csv: (c) => percent(c.rates.applicationPercent) },
            { key: 'net', title: t('应付净额(元)', 'Net due (yuan)'), csv: (c) => yuan(c.statement?.netDueFen), align: 'right' },
            {
              key: 'due',
              title: t('拨付期限', 'Payment due'),
              csv: (c) => c.dueDate,
              render: (c) => <Countdown date={c.status === 'PAID' ? null : c.dueDate} compact />,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
