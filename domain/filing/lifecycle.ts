// F-8 change and cancellation checks, and the one way a filing ends (cancel, expiry,
// supersession, lapse): endFiling. A workflow calls the check, then applies the transition and
// stops the filing's timers.
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import { addDays, addMonthsClamped, compareDates, type IsoDate } from '../time';
import { LIVE_FILING_STATUSES, type EndedFilingStatus, type FilingState, type LongTermSubtype, type ProofInput } from './types';
import { computeValidUntil } from './validity';
import { assertSubtypeAllowed } from './plan';

export interface RuleCheck {
  ruleRefs: string[];
}

/** Ended filings accept no action (F-8: a cancelled or lapsed filing has ended). */
export function assertLive(state: FilingState): void {
  if (!LIVE_FILING_STATUSES.includes(state.status)) {
    throw new DomainError('FILING_NOT_ACTIVE', { filingId: state.id, status: state.status });
  }
}

/**
 * F-8 (440800): the first day a LONG_TERM filing may be changed or cancelled — once it has been
 * in force `minMonthsInForceForLongTerm` calendar months, i.e. the day after
 * validThrough(validFrom, n) (T-2). null when the policy sets no minimum or for other types.
 */
export function earliestChangeDate(policy: FilingPolicy, state: FilingState): IsoDate | null {
  const months = policy.change.minMonthsInForceForLongTerm;
  if (months === null || state.type !== 'LONG_TERM') return null;
  return addMonthsClamped(state.validFrom, months);
}

/** F-6, F-8: may the filing's information be changed today? Throws when not. */
export function checkChange(policy: FilingPolicy, state: FilingState, today: IsoDate): RuleCheck {
  assertLive(state);
  if (state.status === 'COMMITMENT_PENDING' && policy.change.commitmentBlocksChange) {
    throw new DomainError('FILING_CHANGE_DURING_COMMITMENT', {
      filingId: state.id,
      commitmentDeadline: state.commitmentDeadline,
    });
  }
  const earliest = earliestChangeDate(policy, state);
  if (earliest !== null && compareDates(today, earliest) < 0) {
    throw new DomainError('FILING_CHANGE_TOO_EARLY', { filingId: state.id, validFrom: state.validFrom, earliestDate: earliest });
  }
  return { ruleRefs: state.status === 'COMMITMENT_PENDING' ? ['F-6', 'F-8'] : ['F-8'] };
}

/** Filing information a clerk may change (变更备案信息). */
export interface FilingChange {
  treatmentRegion?: string;
  subtype?: LongTermSubtype;
  proof?: ProofInput;
  note?: string;
}

/**
 * F-8: applies a change after checkChange. Validity keeps its start and is recomputed with
 * the (new) subtype's F-2 rule and the (new) proof, so a change never silently extends a
 * temporary filing. F-1 checks apply to a new subtype (WORKING: employees only).
 */
export function applyChange(policy: FilingPolicy, state: FilingState, change: FilingChange, today: IsoDate): FilingState {
  checkChange(policy, state, today);
  const { treatmentRegion, subtype, proof } = change;
  if (treatmentRegion === undefined && subtype === undefined && proof === undefined) {
    throw new DomainError('FILING_CHANGE_EMPTY', { filingId: state.id });
  }
  if (treatmentRegion !== undefined && treatmentRegion === state.insuredRegion) {
    throw new DomainError('FILING_SAME_REGION', { region: treatmentRegion });
  }
  if (subtype !== undefined) {
    if (state.type !== 'LONG_TERM') throw new DomainError('FILING_SUBTYPE_NOT_APPLICABLE', { type: state.type, subtype });
    assertSubtypeAllowed(policy, subtype, state.scheme);
  }
  const next: FilingState = {
    ...state,
    treatmentRegion: treatmentRegion ?? state.treatmentRegion,
    subtype: subtype ?? state.subtype,
    proof: proof ?? state.proof,
  };
  return { ...next, validUntil: computeValidUntil(policy, next.type, next.subtype, next.validFrom, next.proof, today) };
}

/**
 * F-8: may the filing be cancelled today? A person may cancel online, except a self-service
 * (自助备案) filing where policy forbids it; 440800 LONG_TERM only after the minimum months in
 * force. Cancelling during a commitment is allowed (it is not a change of information); the
 * workflow still handles any money paid under the commitment (F-7).
 */
export function checkCancel(
  policy: FilingPolicy,
  state: FilingState,
  request: { requestedOnlineByPerson: boolean },
  today: IsoDate,
): RuleCheck {
  assertLive(state);
  if (request.requestedOnlineByPerson && state.selfService && !policy.change.selfServiceOnlineCancelAllowed) {
    throw new DomainError('FILING_SELF_SERVICE_ONLINE_CANCEL', { filingId: state.id });
  }
  const earliest = earliestChangeDate(policy, state);
  if (earliest !== null && compareDates(today, earliest) < 0) {
    throw new DomainError('FILING_CANCEL_TOO_EARLY', { filingId: state.id, validFrom: state.validFrom, earliestDate: earliest });
  }
  return { ruleRefs: ['F-8'] };
}

/**
 * Ends a live filing. `on` is the first day it no longer counts (exclusive end, F-4 reads it).
 * The commitment deadline is kept for the record.
 */
export function endFiling(state: FilingState, status: EndedFilingStatus, on: IsoDate): FilingState {
  assertLive(state);
  return { ...state, status, endedOn: on };
}

/** Cancellation takes effect on the day it is made. */
export function cancelFiling(state: FilingState, today: IsoDate): FilingState {
  return endFiling(state, 'CANCELLED', today);
}

/** F-2 expiry when the EXPIRE timer fires: the filing counted through validUntil. */
export function expireFiling(state: FilingState): FilingState {
  if (state.validUntil === null) {
    throw new DomainError('FILING_NOT_ACTIVE', { filingId: state.id, reason: 'open-ended filings do not expire' });
  }
  return endFiling(state, 'EXPIRED', addDays(state.validUntil, 1));
}
