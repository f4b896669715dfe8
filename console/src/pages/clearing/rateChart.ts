// P-2's three rates of clearing periods as grouped bars: the clearing list, one period's page and
// the numbers page draw them the same way.
import { useMemo } from 'react';
import type { Schemas } from '../../api/client';
import type { ChartOption } from '../../components/Chart';

export type Clearing = Schemas['Clearing'];

export function useRateChart(rows: readonly Clearing[], t: (zh: string, en: string) => string): ChartOption {
  return useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: rows.map((r) => `${r.period} ${r.treatmentRegion}`) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('对账率', 'Reconciliation'), type: 'bar', data: rows.map((r) => r.rates.reconciliationPercent) },
        { name: t('结算率', 'Settlement'), type: 'bar', data: rows.map((r) => r.rates.settlementPercent) },
        { name: t('申请率', 'Application'), type: 'bar', data: rows.map((r) => r.rates.applicationPercent) },
      ],
    }),
    [rows, t],
  );
}
