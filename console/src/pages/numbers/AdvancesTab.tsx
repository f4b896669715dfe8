// P-5 drawn (U-4): each pair's advance usage against its yellow and red lines, and the table of
// quota, balance, outstanding and the open emergency top-up request.
import { Card, Space } from 'antd';
import { client, unwrap, type Schemas } from '../../api/client';
import { Chart, type ChartOption } from '../../components/Chart';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { StatusTag } from '../../components/StatusTag';
import { useApi } from '../../components/useApi';
import { percent, yuan } from '../../format';
import { useLabel, useT } from '../../i18n';

type Advance = Schemas['Advance'];

export function AdvancesTab() {
  const t = useT();
  const label = useLabel();
  const list = useApi(() => unwrap(client.GET('/api/v1/advances')).then((answer) => answer.items), []);
  const rows = list.data ?? [];
  // P-5: each pair is coloured by its own lines (its insured region's policy); the lines drawn are
  // the first pair's, the same for every pair of one region (70% and 90% before any pair exists).
  const yellow = rows[0]?.yellowPercent ?? 70;
  const red = rows[0]?.redPercent ?? 90;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 110, right: 40, top: 16, bottom: 24 },
    xAxis: { type: 'value', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)), axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => `${r.insuredRegion}→${r.treatmentRegion}`) },
    series: [
      {
        type: 'bar',
        name: t('预付金使用率', 'usage'),
        data: rows.map((r) => ({
          value: r.usagePercent,
          itemStyle: { color: r.usagePercent >= r.redPercent ? '#cf1322' : r.usagePercent >= r.yellowPercent ? '#d4b106' : '#1d5fa8' },
        })),
        markLine: {
          symbol: 'none',
          data: [
            { xAxis: yellow, lineStyle: { color: '#d4b106' }, label: { formatter: t(`黄线 ${yellow}%`, `yellow ${yellow}%`) } },
            { xAxis: red, lineStyle: { color: '#cf1322' }, label: { formatter: t(`红线 ${red}%`, `red ${red}%`) } },
          ],
        },
      },
    ],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionError error={list.error} />
      <Card size="small" title={t('预付金使用率与预警线（P-5）', 'Advance usage against its alert lines (P-5)')}>
        <Chart option={option} height={Math.max(200, rows.length * 40 + 60)} label={t('预付金使用率', 'Advance usage')} />
      </Card>
      <DataList<Advance>
        caption={t('预付金', 'Advances')}
        rows={rows}
        rowKey={(r) => `${r.insuredRegion}-${r.treatmentRegion}`}
        fileName="advances"
        loading={list.loading}
        columns={[
          { key: 'pair', title: t('参保地→就医地', 'Insured → treatment'), csv: (r) => `${r.insuredRegion}->${r.treatmentRegion}` },
          { key: 'quota', title: t('年度额度(元)', 'Quota'), csv: (r) => yuan(r.quotaFen), align: 'right' },
          { key: 'balance', title: t('余额(元)', 'Balance'), csv: (r) => yuan(r.balanceFen), align: 'right' },
          { key: 'outstanding', title: t('未清算(元)', 'Outstanding'), csv: (r) => yuan(r.outstandingFen), align: 'right' },
          { key: 'usage', title: t('使用率', 'Usage'), csv: (r) => percent(r.usagePercent) },
          { key: 'alert', title: t('预警', 'Alert'), csv: (r) => r.alert, render: (r) => <StatusTag value={r.alert} /> },
          {
            key: 'topUp',
            title: t('紧急调增', 'Top-up'),
            csv: (r) => r.topUpRequestId ?? '',
            render: (r) => r.topUpRequestId ?? label(null),
          },
        ]}
      />
    </Space>
  );
}
