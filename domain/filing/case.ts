// The life of one filing case as pure transitions (F-2, F-6..F-11, X-1), in the style of
// domain/inquiry/lifecycle.ts: the workflow owns timers, messages and side effects; these
// functions say what a request, a signal or a deadline changes, which event it leaves in the
// timeline and which effects the workflow must carry out. A function that returns null means
// "nothing happens" (a repeated or late message), so the case records nothing for it.
import type { FilingPolicy } from '../policy/filingPolicy';
import { compareDates, type IsoDate } from '../time';
import { lapseCommitment, supplyProof } from './commitment';
import { applyChange, cancelFiling, checkCancel, endFiling, expireFiling, type FilingChange } from './lifecycle';
import { createFilingState, planFiling } from './plan';
import {
  LIVE_FILING_STATUSES,
  type FilingApplication,
  type FilingState,
  type InsuranceStatusChange,
  type ProofInput,
  type ReferralInput,
} from './types';
import type { FilingDeadline } from './validity';

/** The filing plus what its life adds to it: one state, carried whole across continue-as-new. */
export interface FilingCase extends FilingState {
  /** the person's earlier numbers, oldest first; each still finds this case. */
  formerPersonIds: string[];
  /** F-10: REFERRAL filings re-referred from this one, each once. */
  reReferrals: string[];
  /** F-11: the filing that replaced this one. */
  supersededBy: string | null;
  /** F-7: settlements already counted under the pending commitment (a signal may come twice). */
  paidSettlements: string[];
  /** F-7: fund money paid while the commitment was pending, each settlement counted once. */
  fundPaidUnderCommitmentFen: number;
  /** F-7: what a recovery must get back, fixed when the commitment lapses (0 = nothing). */
  recoveryObligationFen: number;
  /** RC-2: the recovery started for that obligation. */
  recoveryId: string | null;
  /** X-3, F-7: fund money the old system paid under an imported pending commitment; owed too at a lapse. */
  carriedFundPaidFen?: number;
}

export interface FilingCaseEvent {
  type: string;
  /** Rule IDs the step applies, or the clerk's own note where one was given. */
  note?: string;
  data: Record<string, unknown>;
}

export type FilingEffect =
  /** F-7 (220000): the person may never use commitment filing again. */
  | { type: 'RECORD_COMMITMENT_BAR' }
  /** F-7, RC-2: recover exactly the fund money paid under the untrue commitment. */
  | { type: 'START_RECOVERY'; amountFen: number };

export interface FilingCaseTransition {
  state: FilingCase;
  event: FilingCaseEvent;
  effects: FilingEffect[];
}

const step = (state: FilingCase, event: FilingCaseEvent, effects: FilingEffect[] = []): FilingCaseTransition => ({ state, event, effects });

/** F-4, F-6: the statuses in which the case still runs its timers and takes changes. */
export function isLive(state: FilingState): boolean {
  return LIVE_FILING_STATUSES.includes(state.status);
}

/** Opening (F-1..F-6): the application planned by its region's policy, with nothing yet added to it. */
export function openFilingCase(
  policy: FilingPolicy,
  args: { id: string; application: FilingApplication; applicationDate: IsoDate; commitmentBarred: boolean },
): FilingCaseTransition {
  const { id, application, applicationDate, commitmentBarred } = args;
  const plan = planFiling(policy, application, { applicationDate, commitmentBarred });
  const state: FilingCase = {
    ...createFilingState({ id, application, plan, applicationDate }),
    formerPersonIds: [],
    reReferrals: [],
    supersededBy: null,
    paidSettlements: [],
    fundPaidUnderCommitmentFen: 0,
    recoveryObligationFen: 0,
    recoveryId: null,
  };
  return step(state, {
    type: 'CREATED',
    data: {
      status: plan.status,
      validFrom: plan.validFrom,
      validUntil: plan.validUntil,
      commitmentDeadline: plan.commitmentDeadline,
      retroactive: plan.retroactive,
      ruleRefs: plan.ruleRefs,
    },
  });
}

/** F-11: this new filing replaced the person's other live filing in the region. */
export function supersededPrevious(state: FilingCase, otherFilingId: string): FilingCaseTransition {
  return step(state, { type: 'SUPERSEDED_PREVIOUS', note: 'F-11', data: { filingId: otherFilingId } });
}

/**
 * F-11: the other filing could not be told it was replaced because its case has already ended
 * (its read model still showed it live). Nothing is left there to supersede; the new case says why.
 */
export function supersessionSkipped(state: FilingCase, otherFilingId: string, reason: string): FilingCaseTransition {
  return step(state, { type: 'SUPERSESSION_SKIPPED', note: 'F-11', data: { filingId: otherFilingId, reason } });
}

/** F-6: the promised proof (or the referral certificate) arrives in time. */
export function supplyMaterials(
  policy: FilingPolicy,
  state: FilingCase,
  materials: { proof?: ProofInput; referral?: ReferralInput },
  today: IsoDate,
): FilingCaseTransition {
  const { proof, referral } = materials;
  const next: FilingCase = { ...state, ...supplyProof(policy, state, proof, today, referral) };
  return step(next, {
    type: 'MATERIALS_SUPPLIED',
    note: 'F-6',
    data: { proof, referral, statusBefore: state.status, statusAfter: next.status, validUntil: next.validUntil },
  });
}

/** F-8: a clerk changes the filing's information (the checks run inside applyChange). */
export function changeFilingCase(policy: FilingPolicy, state: FilingCase, change: FilingChange, today: IsoDate): FilingCaseTransition {
  const next: FilingCase = { ...state, ...applyChange(policy, state, change, today) };
  const shown = (s: FilingState) => ({ treatmentRegion: s.treatmentRegion, subtype: s.subtype, proof: s.proof, validUntil: s.validUntil });
  return step(next, { type: 'CHANGED', note: change.note ?? 'F-8', data: { before: shown(state), after: shown(next) } });
}

/** F-8: cancellation takes effect today and ends the timers. */
export function cancelFilingCase(
  policy: FilingPolicy,
  state: FilingCase,
  cancel: { requestedOnlineByPerson: boolean; reason?: string },
  today: IsoDate,
): FilingCaseTransition {
  checkCancel(policy, state, cancel, today);
  return step(
    { ...state, ...cancelFiling(state, today) },
    { type: 'CANCELLED', note: cancel.reason ?? 'F-8', data: { requestedOnlineByPerson: cancel.requestedOnlineByPerson } },
  );
}

/** F-11: a newer filing replaces this one; only a live filing is superseded (late signals are ignored). */
export function supersede(state: FilingCase, byFilingId: string, today: IsoDate): FilingCaseTransition | null {
  if (!isLive(state)) return null;
  return step(
    { ...state, ...endFiling(state, 'SUPERSEDED', today), supersededBy: byFilingId },
    { type: 'SUPERSEDED', note: 'F-11', data: { byFilingId } },
  );
}

/** F-10: a new REFERRAL filing was re-referred from this one; each link is kept once. */
export function linkReReferral(state: FilingCase, newFilingId: string): FilingCaseTransition | null {
  if (state.reReferrals.includes(newFilingId)) return null;
  return step({ ...state, reReferrals: [...state.reReferrals, newFilingId] }, { type: 'RE_REFERRED', note: 'F-10', data: { newFilingId } });
}

/** the case continues under the new number; the old one is kept so either finds it. The same number again changes nothing. */
export function renumberPerson(state: FilingCase, newPersonId: string): FilingCaseTransition | null {
  if (newPersonId === state.personId) return null;
  return step(
    { ...state, personId: newPersonId, formerPersonIds: [...state.formerPersonIds, state.personId] },
    { type: 'PERSON_ID_CHANGED', note: 'X-1', data: { from: state.personId, to: newPersonId } },
  );
}

/**
 * F-7: fund money paid for the person while the commitment is pending. A settlement is counted
 * once however often it is reported; money paid once the commitment ended is not owed back.
 */
export function fundPaidUnderCommitment(
  state: FilingCase,
  payment: { settlementId: string; fundFen: number },
): FilingCaseTransition | null {
  const { settlementId, fundFen } = payment;
  if (state.status !== 'COMMITMENT_PENDING' || state.paidSettlements.includes(settlementId)) return null;
  return step(
    {
      ...state,
      paidSettlements: [...state.paidSettlements, settlementId],
      fundPaidUnderCommitmentFen: state.fundPaidUnderCommitmentFen + fundFen,
    },
    { type: 'FUND_PAID_UNDER_COMMITMENT', note: 'F-7', data: { settlementId, fundFen } },
  );
}

/**
 * What a deadline that passed does (T-4). F-7: the commitment lapses, the person is barred where
 * the region says so, and everything paid under it becomes the recovery obligation. F-2: expiry.
 * `fundPaidFen` is F-7's amount: the fund of the stored settlements made under
 * the filing while it was pending, net of reversals, read from the records at the lapse (cases
 * begun before that was so pass the sum of the signals they received).
 */
export function onFilingDeadline(
  policy: FilingPolicy,
  state: FilingCase,
  deadline: FilingDeadline,
  fundPaidFen: number = state.fundPaidUnderCommitmentFen,
): FilingCaseTransition {
  if (deadline.action === 'EXPIRE') {
    const next: FilingCase = { ...state, ...expireFiling(state) };
    return step(next, { type: 'EXPIRED', note: 'F-2', data: { validUntil: next.validUntil } });
  }
  if (deadline.action === 'END_INSURANCE') return endForInsurance(state, state.insuranceEnd!.status, state.insuranceEnd!.effectiveDate);
  return lapse(policy, state, fundPaidFen, { deadline: deadline.lastValidDate });
}

/**
 * F-12: the insured region reports that the person's insurance stopped, was transferred out or
 * ended by death. A live filing ends on that date (status ENDED, timers with it); a date still
 * to come is kept and the filing ends when it arrives. A filing that has ended already is left.
 */
export function insuranceStatusChanged(
  state: FilingCase,
  change: { status: InsuranceStatusChange; effectiveDate: IsoDate },
  today: IsoDate,
): FilingCaseTransition | null {
  if (!isLive(state)) return null;
  if (compareDates(change.effectiveDate, today) <= 0) return endForInsurance(state, change.status, change.effectiveDate);
  return step(
    { ...state, insuranceEnd: { ...change } },
    { type: 'INSURANCE_END_SCHEDULED', note: 'F-12', data: { insuranceStatus: change.status, effectiveDate: change.effectiveDate } },
  );
}

function endForInsurance(state: FilingCase, status: InsuranceStatusChange, effectiveDate: IsoDate): FilingCaseTransition {
  return step(
    { ...state, ...endFiling(state, 'ENDED', effectiveDate), insuranceEnd: null },
    { type: 'ENDED', note: 'F-12', data: { insuranceStatus: status, effectiveDate } },
  );
}

/**
 * F-7: cancelling a pending commitment without proof is a lapse on the cancel date: the same bar
 * and the same recovery of what was paid under it. Checked like any cancel (F-8) first.
 */
export function cancelPendingCommitment(
  policy: FilingPolicy,
  state: FilingCase,
  cancel: { requestedOnlineByPerson: boolean; reason?: string },
  today: IsoDate,
  fundPaidFen: number,
): FilingCaseTransition {
  checkCancel(policy, state, cancel, today);
  return lapse(
    policy,
    state,
    fundPaidFen,
    { cancelledOn: today, requestedOnlineByPerson: cancel.requestedOnlineByPerson, reason: cancel.reason ?? null },
    today,
  );
}

function lapse(
  policy: FilingPolicy,
  state: FilingCase,
  fundPaidFen: number,
  why: Record<string, unknown>,
  cancelledOn?: IsoDate,
): FilingCaseTransition {
  const outcome = lapseCommitment(policy, state, cancelledOn);
  // what the old system paid under an imported commitment is owed as well (its records are not here).
  const owedFen = fundPaidFen + (state.carriedFundPaidFen ?? 0);
  const effects: FilingEffect[] = [];
  if (outcome.barPerson) effects.push({ type: 'RECORD_COMMITMENT_BAR' });
  if (owedFen > 0) effects.push({ type: 'START_RECOVERY', amountFen: owedFen });
  return step(
    { ...state, ...outcome.state, recoveryObligationFen: owedFen },
    { type: 'COMMITMENT_LAPSED', note: 'F-7', data: { ...why, barPerson: outcome.barPerson, fundPaidFen: owedFen } },
    effects,
  );
}

/** F-7, RC-2: the obligation a lapse left, as the case records it before any recovery runs. */
export function recoveryRequired(state: FilingCase): FilingCaseTransition {
  return step(state, {
    type: 'RECOVERY_REQUIRED',
    note: 'F-7, RC-2',
    data: { amountFen: state.recoveryObligationFen, source: 'COMMITMENT' },
  });
}

/** RC-2: the recovery of the obligation runs as its own case. */
export function recoveryStarted(state: FilingCase, recoveryId: string): FilingCaseTransition {
  return step(
    { ...state, recoveryId },
    { type: 'RECOVERY_STARTED', note: 'F-7, RC-2', data: { recoveryId, amountFen: state.recoveryObligationFen } },
  );
}
