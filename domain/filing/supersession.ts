// F-11: one live filing per person per treatment region; a new one supersedes the old per policy.
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import { compareDates, type IsoDate } from '../time';
import { coverageOverlaps, type RegionMap } from '../regions';
import { checkChange } from './lifecycle';
import { LIVE_FILING_STATUSES, type FilingState } from './types';

/**
 * Whether `existing` is a live filing of the same person whose coverage overlaps the new one's
 * compared as coverage, not as a string), so the new filing would replace it.
 */
export function supersedes(
  existing: FilingState,
  incoming: { personId: string; treatmentRegion: string },
  today: IsoDate,
  regions: RegionMap,
): boolean {
  if (existing.personId !== incoming.personId || !coverageOverlaps(regions, existing.treatmentRegion, incoming.treatmentRegion))
    return false;
  if (!LIVE_FILING_STATUSES.includes(existing.status)) return false;
  // A filing already past its last valid day is expiring anyway (its timer just has not fired).
  return existing.validUntil === null || compareDates(existing.validUntil, today) >= 0;
}

/**
 * F-11: which of the person's filings the new one replaces. Replacing a filing changes it, so
 * the change rules apply (F-6: not during a commitment — supply the proof instead of dodging
 * the lapse with a fresh commitment; F-8: 440800 LONG_TERM only after 6 months). With policy
 * REJECT_NEW a live filing blocks the new one: FILING_ACTIVE_EXISTS.
 */
export function resolveSupersession(
  policy: FilingPolicy,
  existing: readonly FilingState[],
  incoming: { personId: string; treatmentRegion: string },
  today: IsoDate,
  regions: RegionMap,
): { superseded: FilingState[]; ruleRefs: string[] } {
  const superseded = existing.filter((f) => supersedes(f, incoming, today, regions));
  if (superseded.length === 0) return { superseded, ruleRefs: [] };
  if (policy.supersession === 'REJECT_NEW') {
    throw new DomainError('FILING_ACTIVE_EXISTS', { filingIds: superseded.map((f) => f.id) });
  }
  for (const f of superseded) checkChange(policy, f, today);
  return { superseded, ruleRefs: ['F-11'] };
}
