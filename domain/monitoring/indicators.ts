// M-1 monitoring 监测预警: per region pair, hospital and month, from stored non-reversed direct
// settlements and the money disallowed by inquiries and audits: visits, total and fund amounts,
// average cost per visit with its growth month over month and year over year, reimbursement
// ratio (fund / total) and audit deduction rate (disallowed / total) against the insured
// region's local rate. Thresholds are policy data; each crossing raises one warning.
import type { MonitoringTerms } from '../policy/clearingPolicy';

/** What the records of one scope and month add up to. */
export interface MonthFigures {
  visits: number;
  totalFen: number;
  fundFen: number;
  disallowedFen: number;
}

export interface IndicatorScope {
  insuredRegion: string;
  treatmentRegion: string;
  /** Absent: the whole pair. */
  hospitalId?: string;
}

export interface Indicator extends IndicatorScope {
  period: string;
  visits: number;
  totalFen: number;
  fundFen: number;
  disallowedFen: number;
  avgCostFen: number;
  avgCostGrowthPercent?: number;
  yoyGrowthPercent?: number;
  reimbursementPercent: number;
  deductionRatePercent: number;
  localDeductionRatePercent: number;
}

export const WARNING_KINDS = ['AVG_COST_GROWTH_MOM', 'AVG_COST_GROWTH_YOY', 'LOW_DEDUCTION_RATE'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export interface WarningFinding {
  id: string;
  kind: WarningKind;
  period: string;
  scope: IndicatorScope;
  value: number;
  threshold: number;
}

export const emptyFigures = (): MonthFigures => ({ visits: 0, totalFen: 0, fundFen: 0, disallowedFen: 0 });

/** Two decimals, half up. */
const round2 = (x: number): number => Math.round(x * 100) / 100;
const pct = (part: number, whole: number): number => (whole === 0 ? 0 : round2((part * 100) / whole));

/** Average cost per visit in whole fen, half up. */
export const averageCostFen = (f: MonthFigures): number => (f.visits === 0 ? 0 : Math.round(f.totalFen / f.visits));

function growth(now: MonthFigures, before: MonthFigures | undefined): number | undefined {
  if (!before || before.visits === 0 || now.visits === 0) return undefined;
  const prev = averageCostFen(before);
  return prev === 0 ? undefined : round2(((averageCostFen(now) - prev) * 100) / prev);
}

export function indicatorOf(
  scope: IndicatorScope,
  period: string,
  now: MonthFigures,
  previousMonth: MonthFigures | undefined,
  sameMonthLastYear: MonthFigures | undefined,
  localDeductionRatePercent: number,
): Indicator {
  const mom = growth(now, previousMonth);
  const yoy = growth(now, sameMonthLastYear);
  return {
    period,
    insuredRegion: scope.insuredRegion,
    treatmentRegion: scope.treatmentRegion,
    ...(scope.hospitalId ? { hospitalId: scope.hospitalId } : {}),
    visits: now.visits,
    totalFen: now.totalFen,
    fundFen: now.fundFen,
    disallowedFen: now.disallowedFen,
    avgCostFen: averageCostFen(now),
    ...(mom === undefined ? {} : { avgCostGrowthPercent: mom }),
    ...(yoy === undefined ? {} : { yoyGrowthPercent: yoy }),
    reimbursementPercent: pct(now.fundFen, now.totalFen),
    deductionRatePercent: pct(now.disallowedFen, now.totalFen),
    localDeductionRatePercent,
  };
}

export function warningIdOf(kind: WarningKind, period: string, scope: IndicatorScope): string {
  return `WRN-${kind}-${period}-${scope.insuredRegion}-${scope.treatmentRegion}-${scope.hospitalId ?? 'ALL'}`;
}

/**
 * M-1 thresholds: average cost growth over the policy's limit (month over month, year over year),
 * a deduction rate under the policy's share of the local rate. A month with no visits warns of
 * nothing. The warning id is the crossing itself (kind, period, scope), so it is raised once.
 */
export function warningsOf(ind: Indicator, terms: MonitoringTerms): WarningFinding[] {
  if (ind.visits === 0) return [];
  const scope: IndicatorScope = {
    insuredRegion: ind.insuredRegion,
    treatmentRegion: ind.treatmentRegion,
    ...(ind.hospitalId ? { hospitalId: ind.hospitalId } : {}),
  };
  const found: WarningFinding[] = [];
  const add = (kind: WarningKind, value: number, threshold: number) =>
    found.push({ id: warningIdOf(kind, ind.period, scope), kind, period: ind.period, scope, value, threshold });
  if (ind.avgCostGrowthPercent !== undefined && ind.avgCostGrowthPercent > terms.avgCostGrowthPercent)
    add('AVG_COST_GROWTH_MOM', ind.avgCostGrowthPercent, terms.avgCostGrowthPercent);
  if (ind.yoyGrowthPercent !== undefined && ind.yoyGrowthPercent > terms.avgCostGrowthPercent)
    add('AVG_COST_GROWTH_YOY', ind.yoyGrowthPercent, terms.avgCostGrowthPercent);
  const floor = round2((terms.localDeductionRatePercent * terms.deductionRateFactorPercent) / 100);
  if (ind.deductionRatePercent < floor) add('LOW_DEDUCTION_RATE', ind.deductionRatePercent, floor);
  return found;
}

/** Adds one settlement (or a disallowed amount) into the figures of its scope. */
export function addInto(f: MonthFigures, add: Partial<MonthFigures>): void {
  f.visits += add.visits ?? 0;
  f.totalFen += add.totalFen ?? 0;
  f.fundFen += add.fundFen ?? 0;
  f.disallowedFen += add.disallowedFen ?? 0;
}

/** Scope key of a pair (hospital absent) or of one hospital of it. */
export const scopeKey = (s: IndicatorScope): string => `${s.insuredRegion}|${s.treatmentRegion}|${s.hospitalId ?? ''}`;

export function scopeOfKey(key: string): IndicatorScope {
  const [insuredRegion, treatmentRegion, hospitalId] = key.split('|');
  return { insuredRegion, treatmentRegion, ...(hospitalId ? { hospitalId } : {}) };
}
