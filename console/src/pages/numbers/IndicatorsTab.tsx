// M-1 drawn (U-4): the last twelve months' indicators per hospital and per region pair, the
// average cost per visit and the audit deduction rate against the region's local rate.
import { Card, Col, Row, Space } from 'antd';
import { useMemo } from 'react';
import { client, unwrap, type Schemas } from '../../api/client';
import { Chart, type ChartOption } from '../../components/Chart';
import { DataList } from '../../components/DataList';
import { ActionError } from '../../components/formErrors';
import { useApi } from '../../components/useApi';
import { percent, todayInShanghai, yuan } from '../../format';
import { useT } from '../../i18n';

type Indicator = Schemas['Indicator'];

function lastMonths(n: number): string[] {
  const [year, month] = todayInShanghai().split('-').map(Number);
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(year, month - 1 - (n - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

export function IndicatorsTab() {
  const t = useT();
  // One month per request (period is required): the last twelve months, oldest first.
  const periods = useMemo(() => lastMonths(12), []);
  const list = useApi(
    () =>
      Promise.all(
        periods.map((period) =>
          unwrap(client.GET('/api/v1/monitoring/indicators', { params: { query: { period } } })).then((answer) => answer.items),
        ),
      ).then((months) => months.flat()),
    [periods],
  );
  const rows = useMemo(() => [...(list.data ?? [])].sort((a, b) => a.period.localeCompare(b.period)), [list.data]);
  // A line per hospital, and one per region pair (the rows without hospitalId).
  const lineOf = (r: Indicator) => r.hospitalId ?? `${r.insuredRegion}→${r.treatmentRegion}`;
  const lines = [...new Set(rows.map(lineOf))];
  const series = (value: (r: Indicator) => number) =>
    lines.map((name) => ({
      name,
      type: 'line',
      connectNulls: true,
      showAllSymbol: true,
      symbolSize: 8,
      data: periods.map((p) => {
        const row = rows.find((r) => r.period === p && lineOf(r) === name);
        return row ? value(row) : null;
      }),
    }));
  const cost: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 60, right: 16, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', name: t('次均费用(元)', 'avg cost (yuan)') },
    series: series((r) => r.avgCostFen / 100),
  };
  const deduction: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 48, right: 16, top: 36, bottom: 24 },
    xAxis: { type: 'category', data: periods },
    yAxis: {
      type: 'value',
      max: (v: { max: number }) => Math.max(v.max, (rows[0]?.localDeductionRatePercent ?? 0) * 1.2),
      axisLabel: { formatter: '{value}%' },
    },
    series: series((r) => r.deductionRatePercent).map((line, i) =>
      // M-1: the deduction rate is compared with the region's local rate (policy data).
      i === 0 && rows.length
        ? {
            ...line,
            markLine: {
              symbol: 'none',
              lineStyle: { color: '#d4b106' },
              data: [
                {
                  yAxis: rows[0].localDeductionRatePercent,
                  label: { position: 'insideEndTop', formatter: t('本地扣款率 {c}%', 'local rate {c}%') },
                },
              ],
            },
          }
        : line,
    ),
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ActionError error={list.error} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('次均费用（按月、按医院）', 'Average cost per visit, by month and hospital')}>
            <Chart option={cost} label={t('次均费用趋势', 'Average cost per visit over months')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('审核扣款率', 'Audit deduction rate')}>
            <Chart option={deduction} label={t('审核扣款率趋势', 'Audit deduction rate over months')} />
          </Card>
        </Col>
      </Row>
      <DataList<Indicator>
        caption={t('监测指标', 'Indicators')}
        rows={rows}
        rowKey={(r) => `${r.period}-${r.insuredRegion}-${r.treatmentRegion}-${r.hospitalId ?? ''}`}
        fileName="indicators"
        loading={list.loading}
        columns={[
          { key: 'period', title: t('月份', 'Month'), csv: (r) => r.period },
          { key: 'pair', title: t('参保地→就医地', 'Insured → treatment'), csv: (r) => `${r.insuredRegion}->${r.treatmentRegion}` },
          { key: 'hospital', title: t('医院', 'Hospital'), csv: (r) => r.hospitalId ?? '' },
          { key: 'visits', title: t('人次', 'Visits'), csv: (r) => r.visits, align: 'right' },
          { key: 'total', title: t('总费用(元)', 'Total'), csv: (r) => yuan(r.totalFen), align: 'right' },
          { key: 'fund', title: t('基金支付(元)', 'Fund'), csv: (r) => yuan(r.fundFen), align: 'right' },
          { key: 'avg', title: t('次均(元)', 'Avg'), csv: (r) => yuan(r.avgCostFen), align: 'right' },
          { key: 'mom', title: t('环比', 'MoM'), csv: (r) => percent(r.avgCostGrowthPercent ?? null) },
          { key: 'yoy', title: t('同比', 'YoY'), csv: (r) => percent(r.yoyGrowthPercent ?? null) },
          { key: 'reimb', title: t('报销比', 'Reimbursed'), csv: (r) => percent(r.reimbursementPercent) },
          {
            key: 'ded',
            title: t('扣款率/本地', 'Deduction / local'),
            csv: (r) => `${percent(r.deductionRatePercent)} / ${percent(r.localDeductionRatePercent)}`,
          },
        ]}
      />
    </Space>
  );
}
