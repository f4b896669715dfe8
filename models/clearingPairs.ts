// P-2: the pairs a month's clearing covers: every pair (insured region, treatment region) with
// direct settlements in the period or in the periods a late record may come from (P-6), whose
// insured region follows `policyRegion`'s policy when one is named (each region's schedule runs
// its own pairs). Read by the monthly run (activity) and the simulation clock (API) alike.
import type mongoose from 'mongoose';
import { addPeriods } from '../domain/clearing/periods';
import type { ClearingCaseTerms } from '../domain/clearing/types';
import type { PolicyRegistry } from '../policies/registry';
import { settlementRecordModel } from './settlementRecord';

export interface ClearingPair {
  insuredRegion: string;
  treatmentRegion: string;
  /** The insured region's clearing terms today: the case keeps them (a policy edit never changes it). */
  terms: ClearingCaseTerms;
}

/** How many periods back a late record is still looked for (P-6); see activities/clearingActivities.ts. */
export const LATE_RECORD_WINDOW_PERIODS = 2;

export function clearingTermsOf(policies: PolicyRegistry, insuredRegion: string): ClearingCaseTerms {
  const c = policies.forRegion(insuredRegion).clearing.clearing;
  return { dueDay: c.dueDay, reminderDaysBefore: [...c.reminderDaysBefore], escalationRepeatDays: c.escalationRepeatDays };
}

export async function clearingPairsOf(
  db: mongoose.Connection,
  policies: PolicyRegistry,
  period: string,
  policyRegion?: string,
): Promise<ClearingPair[]> {
  const periods = Array.from({ length: LATE_RECORD_WINDOW_PERIODS + 1 }, (_, i) => addPeriods(period, -i));
  const rows = await settlementRecordModel(db)
    .find({ kind: 'DIRECT', state: 'STORED', period: { $in: periods } }, { insuredRegion: 1, treatmentRegion: 1, _id: 0 })
    .lean();
  const pairs = new Map<string, ClearingPair>();
  for (const r of rows) {
    const key = `${r.insuredRegion}-${r.treatmentRegion}`;
    if (pairs.has(key) || r.insuredRegion === r.treatmentRegion || !policies.hasRegion(r.insuredRegion)) continue;
    if (policyRegion && policies.forRegion(r.insuredRegion).region !== policyRegion) continue;
    pairs.set(key, {
      insuredRegion: r.insuredRegion,
      treatmentRegion: r.treatmentRegion,
      terms: clearingTermsOf(policies, r.insuredRegion),
    });
  }
  return [...pairs.values()].sort((a, b) =>
    `${a.insuredRegion}${a.treatmentRegion}`.localeCompare(`${b.insuredRegion}${b.treatmentRegion}`),
  );
}
