// F-2 validity periods, F-4 "valid on a date", and the next timer a filing needs (T-4).
import { DomainError } from '../errors/types';
import { validityRuleFor, type FilingPolicy } from '../policy/filingPolicy';
import { addDays, compareDates, deadlineInstantMs, validThrough, type IsoDate } from '../time';
import { LIVE_FILING_STATUSES, type FilingState, type FilingType, type LongTermSubtype, type ProofInput } from './types';

/**
 * F-2: the inclusive last valid day of a filing starting `validFrom`, or null (open-ended).
 * PROOF_END_OR_MONTHS uses the end date printed on the proof and falls back to `months` when the
 * proof has none (or there is no proof yet, during a commitment). A proof whose end date is
 * before the start or before `today` cannot carry a filing: FILING_PROOF_EXPIRED.
 */
export function computeValidUntil(
  policy: FilingPolicy,
  type: FilingType,
  subtype: LongTermSubtype | null | undefined,
  validFrom: IsoDate,
  proof: ProofInput | null | undefined,
  today: IsoDate,
): IsoDate | null {
  const rule = validityRuleFor(policy, type, subtype);
  switch (rule.rule) {
    case 'OPEN_ENDED':
      return null;
    case 'MONTHS':
      return validThrough(validFrom, rule.months);
    case 'PROOF_END_OR_MONTHS': {
      const end = proof?.validUntil;
      if (!end) return validThrough(validFrom, rule.months);
      if (compareDates(end, validFrom) < 0 || compareDates(end, today) < 0) {
        throw new DomainError('FILING_PROOF_EXPIRED', { proofValidUntil: end, validFrom, today });
      }
      return end;
    }
  }
}

/**
 * F-4: whether the filing lets the person settle a stay admitted on `date`. Admission is what
 * counts: a stay admitted while valid settles normally even if the filing ends before
 * discharge, so callers pass the ADMISSION date. Works on ended filings too (historical
 * question): a cancelled, lapsed or superseded filing counted on days before `endedOn`; an
 * expired one through `validUntil`. A pending commitment counts through its deadline.
 */
export function isValidOn(state: FilingState, date: IsoDate): boolean {
  if (compareDates(date, state.validFrom) < 0) return false;
  if (state.validUntil !== null && compareDates(date, state.validUntil) > 0) return false;
  if (state.endedOn !== null && compareDates(date, state.endedOn) >= 0) return false;
  if (state.status === 'COMMITMENT_PENDING' && state.commitmentDeadline !== null) {
    if (compareDates(date, state.commitmentDeadline) > 0) return false;
  }
  return true;
}

/** Alias with the F-4 meaning spelled out. */
export const coversAdmission = isValidOn;

export interface FilingDeadline {
  /** LAPSE_COMMITMENT -> lapseCommitment (F-7); EXPIRE -> expireFiling (F-2); END_INSURANCE -> F-12. */
  action: 'LAPSE_COMMITMENT' | 'EXPIRE' | 'END_INSURANCE';
  /** Inclusive last day before the action. */
  lastValidDate: IsoDate;
  /** 00:00 Asia/Shanghai of the next day: when the durable timer fires (T-1, T-4). */
  firesAtMs: number;
}

/**
 * The one timer a live filing needs next (T-4), or null (open-ended and not pending, or ended).
 * When the commitment deadline and the validity end fall on the same day the lapse wins: F-7
 * consequences (bar, recovery) must not be skipped by a plain expiry.
 */
export function nextDeadline(state: FilingState): FilingDeadline | null {
  const make = (action: FilingDeadline['action'], lastValidDate: IsoDate): FilingDeadline => ({
    action,
    lastValidDate,
    firesAtMs: deadlineInstantMs(lastValidDate),
  });
  const own = ownDeadline(state, make);
  // F-12: a reported end of insurance on a later day comes first when it is earlier (or the same day).
  if (!state.insuranceEnd || !LIVE_FILING_STATUSES.includes(state.status)) return own;
  const end = make('END_INSURANCE', addDays(state.insuranceEnd.effectiveDate, -1));
  return own && compareDates(own.lastValidDate, end.lastValidDate) < 0 ? own : end;
}

function ownDeadline(
  state: FilingState,
  make: (action: FilingDeadline['action'], lastValidDate: IsoDate) => FilingDeadline,
): FilingDeadline | null {
  if (state.status === 'COMMITMENT_PENDING' && state.commitmentDeadline !== null) {
    if (state.validUntil !== null && compareDates(state.validUntil, state.commitmentDeadline) < 0) {
      return make('EXPIRE', state.validUntil);
    }
    return make('LAPSE_COMMITMENT', state.commitmentDeadline);
  }
  if (state.status === 'ACTIVE' && state.validUntil !== null) return make('EXPIRE', state.validUntil);
  return null;
}
