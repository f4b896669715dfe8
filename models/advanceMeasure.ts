// P-1, P-5: the advance of a pair as it stands, derived from the records every time it is read:
// quota (the newest slot of the year's quota chain, else the policy default), balance (quota plus
// the year's top-ups), outstanding (fund of the pair's direct settlements, not reversed, of
// periods not yet paid). Nothing here is a counter, so concurrent settlements can never leave a
// wrong figure: the figure is the sum of the records, always.
import type mongoose from 'mongoose';
import { alertOf, usagePercentOf, type AdvanceMeasure } from '../domain/advance';
import type { AdvancePolicySchema } from '../domain/policy/clearingPolicy';
import type { z } from 'zod';
import { formatShanghaiTimestamp, isoDateInShanghai, yearOf } from '../domain/time';
import { advanceQuotaModel, advanceTopUpModel } from './advance';
import { clearingViewModel } from './clearing';
import { settlementRecordModel } from './settlementRecord';

type AdvanceTerms = z.infer<typeof AdvancePolicySchema>;

export interface Pair {
  insuredRegion: string;
  treatmentRegion: string;
}

export async function latestQuota(db: mongoose.Connection, pair: Pair, year: number): Promise<{ seq: number; quotaFen: number } | null> {
  const slots = await advanceQuotaModel(db)
    .find({ ...pair, year }, { seq: 1, quotaFen: 1 })
    .lean();
  if (!slots.length) return null;
  const newest = slots.reduce((a, b) => (b.seq > a.seq ? b : a));
  return { seq: newest.seq, quotaFen: newest.quotaFen };
}

/** Periods of the pair whose clearing is paid: their settlements are no longer outstanding. */
export async function paidPeriods(db: mongoose.Connection, pair: Pair): Promise<string[]> {
  const rows = await clearingViewModel(db)
    .find({ ...pair, status: 'PAID' }, { period: 1 })
    .lean();
  return rows.map((r) => r.period);
}

export async function outstandingFen(db: mongoose.Connection, pair: Pair): Promise<number> {
  const paid = await paidPeriods(db, pair);
  const rows = await settlementRecordModel(db)
    .find({ ...pair, kind: 'DIRECT', state: 'STORED', reversal: null, period: { $nin: paid } }, { fundFen: 1, _id: 0 })
    .lean();
  return rows.reduce((n, r) => n + (r.fundFen ?? 0), 0);
}

export async function measureAdvance(db: mongoose.Connection, pair: Pair, terms: AdvanceTerms, nowMs: number): Promise<AdvanceMeasure> {
  const year = yearOf(isoDateInShanghai(nowMs));
  const [quota, topUps, outstanding] = await Promise.all([
    latestQuota(db, pair, year),
    advanceTopUpModel(db)
      .find({ ...pair, year }, { amountFen: 1 })
      .lean(),
    outstandingFen(db, pair),
  ]);
  const quotaFen = quota?.quotaFen ?? terms.defaultQuotaFen;
  const balanceFen = quotaFen + topUps.reduce((n, t) => n + t.amountFen, 0);
  const usagePercent = usagePercentOf(outstanding, balanceFen);
  return {
    year,
    quotaFen,
    balanceFen,
    outstandingFen: outstanding,
    usagePercent,
    alert: alertOf(usagePercent, terms),
    measuredAt: formatShanghaiTimestamp(nowMs),
  };
}
