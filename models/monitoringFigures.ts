// M-1: the figures of a month per pair and hospital, read from the records: stored direct
// settlements not reversed (visits, total, fund), money disallowed by confirmed inquiries (by the
// settlement's period and hospital) and by audit recoveries (by the order's month and the debtor
// hospital). Indicators and warnings are computed from these by domain/monitoring.
import type mongoose from 'mongoose';
import {
  addInto,
  emptyFigures,
  indicatorOf,
  scopeKey,
  scopeOfKey,
  type Indicator,
  type IndicatorScope,
  type MonthFigures,
} from '../domain/monitoring';
import { addPeriods } from '../domain/clearing/periods';
import { inquiryViewModel } from './inquiryView';
import { recoveryViewModel } from './recoveryView';
import { settlementRecordModel } from './settlementRecord';

export interface FigureFilter {
  insuredRegion?: string;
  treatmentRegion?: string;
  hospitalId?: string;
}

type ByScope = Map<string, MonthFigures>;
type ByPeriod = Map<string, ByScope>;

function bucket(byPeriod: ByPeriod, period: string, scope: IndicatorScope): MonthFigures[] {
  const scopes = byPeriod.get(period) ?? new Map<string, MonthFigures>();
  byPeriod.set(period, scopes);
  const out: MonthFigures[] = [];
  for (const s of [{ ...scope, hospitalId: undefined }, scope]) {
    const key = scopeKey(s);
    const f = scopes.get(key) ?? emptyFigures();
    scopes.set(key, f);
    out.push(f);
  }
  return out;
}

/** Figures of the given periods, per pair (hospital absent) and per hospital. */
export async function monthFigures(db: mongoose.Connection, periods: string[], filter: FigureFilter): Promise<ByPeriod> {
  const byPeriod: ByPeriod = new Map();
  const pair: Record<string, unknown> = {};
  if (filter.insuredRegion) pair.insuredRegion = filter.insuredRegion;
  if (filter.treatmentRegion) pair.treatmentRegion = filter.treatmentRegion;
  const wanted = (h: string | undefined) => !filter.hospitalId || h === filter.hospitalId;
  const records = await settlementRecordModel(db)
    .find(
      { ...pair, kind: 'DIRECT', state: 'STORED', reversal: null, period: { $in: periods } },
      { period: 1, insuredRegion: 1, treatmentRegion: 1, hospitalId: 1, totalFen: 1, fundFen: 1 },
    )
    .lean();
  const hospitalOf = new Map<string, { period: string; insuredRegion: string; treatmentRegion: string; hospitalId: string }>();
  for (const r of records) {
    hospitalOf.set(r._id, r);
    if (!wanted(r.hospitalId)) continue;
    for (const f of bucket(byPeriod, r.period, r)) addInto(f, { visits: 1, totalFen: r.totalFen, fundFen: r.fundFen });
  }
  // Inquiries: a confirmed VERIFIED_ISSUE answer disallows money of that settlement (I-5).
  const inquiries = await inquiryViewModel(db)
    .find({ ...pair, status: 'CONFIRMED' }, { settlementId: 1, document: 1 })
    .lean();
  for (const q of inquiries) {
    const doc = q.document as { response?: { result?: string; disallowedFen?: number } | null };
    const settlement = hospitalOf.get(q.settlementId);
    if (!settlement || doc.response?.result !== 'VERIFIED_ISSUE' || !wanted(settlement.hospitalId)) continue;
    for (const f of bucket(byPeriod, settlement.period, settlement)) addInto(f, { disallowedFen: doc.response.disallowedFen ?? 0 });
  }
  // Audits: an AUDIT recovery ordered against a hospital counts in the month it was ordered.
  const audits = await recoveryViewModel(db)
    .find({ ...pair, sourceType: 'AUDIT' }, { document: 1 })
    .lean();
  for (const a of audits) {
    const doc = a.document as { orderedOn: string; debtor: string; insuredRegion: string; treatmentRegion: string; amountFen: number };
    const period = doc.orderedOn.slice(0, 7);
    if (!periods.includes(period) || !/^H\d+$/.test(doc.debtor) || !wanted(doc.debtor)) continue;
    const scope = { insuredRegion: doc.insuredRegion, treatmentRegion: doc.treatmentRegion, hospitalId: doc.debtor };
    for (const f of bucket(byPeriod, period, scope)) addInto(f, { disallowedFen: doc.amountFen });
  }
  return byPeriod;
}

/** The indicators of a period for every scope that had settlements in it (pair rows and hospital rows). */
export async function indicatorsOf(
  db: mongoose.Connection,
  period: string,
  filter: FigureFilter,
  localRateOf: (insuredRegion: string) => number,
): Promise<Indicator[]> {
  const previous = addPeriods(period, -1);
  const lastYear = addPeriods(period, -12);
  const figures = await monthFigures(db, [period, previous, lastYear], filter);
  const now = figures.get(period) ?? new Map<string, MonthFigures>();
  const out: Indicator[] = [];
  for (const [key, f] of now) {
    const scope = scopeOfKey(key);
    if (filter.hospitalId && scope.hospitalId !== filter.hospitalId) continue;
    out.push(
      indicatorOf(scope, period, f, figures.get(previous)?.get(key), figures.get(lastYear)?.get(key), localRateOf(scope.insuredRegion)),
    );
  }
  return out.sort((a, b) => scopeKey(a).localeCompare(scopeKey(b)));
}
