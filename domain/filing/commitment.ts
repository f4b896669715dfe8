// F-6 / F-7 commitment filing 承诺制: the proof arrives in time (supplyProof) or the period
// ends without it (lapseCommitment).
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import { addDays, compareDates, type IsoDate } from '../time';
import { missingMaterial, missingMaterialError } from './materials';
import { checkResidenceBeforeAdmission } from './plan';
import type { FilingState, ProofInput, ReferralInput } from './types';
import { computeValidUntil } from './validity';

export interface FilingTransition {
  state: FilingState;
  ruleRefs: string[];
}

/**
 * F-6: proof supplied on or before the commitment deadline turns the filing into a normal
 * filing of its type: ACTIVE, validity recomputed from the proof with the type's F-2 rule,
 * benefits in both regions for LONG_TERM (F-9; 440800 only now). After the deadline the
 * filing has lapsed (even if the lapse timer has not fired yet): FILING_COMMITMENT_LAPSED.
 * The proof is what LONG_TERM needs; a REFERRAL commitment is completed by `suppliedReferral`
 * (the referral certificate). Material already on the filing counts too.
 */
export function supplyProof(
  policy: FilingPolicy,
  state: FilingState,
  suppliedProof: ProofInput | undefined,
  today: IsoDate,
  suppliedReferral?: ReferralInput,
): FilingState {
  if (state.status === 'LAPSED') {
    throw new DomainError('FILING_COMMITMENT_LAPSED', { filingId: state.id, commitmentDeadline: state.commitmentDeadline });
  }
  if (state.status === 'ACTIVE') throw new DomainError('FILING_NOT_COMMITMENT_PENDING', { filingId: state.id });
  if (state.status !== 'COMMITMENT_PENDING' || state.commitmentDeadline === null) {
    throw new DomainError('FILING_NOT_ACTIVE', { filingId: state.id, status: state.status });
  }
  if (compareDates(today, state.commitmentDeadline) > 0) {
    throw new DomainError('FILING_COMMITMENT_LAPSED', { filingId: state.id, commitmentDeadline: state.commitmentDeadline });
  }

  const proof = suppliedProof ?? state.proof ?? undefined;
  const referral = suppliedReferral ?? state.referral ?? undefined;
  const missing = missingMaterial(state.type, proof, referral, state.reReferral);
  if (missing) throw new DomainError(missingMaterialError(missing), { filingId: state.id, missing });

  checkResidenceBeforeAdmission(policy, {
    type: state.type,
    retroactive: state.retroactive,
    proof,
    admissionDate: state.admissionDate,
    validFrom: state.validFrom,
  });
  const validUntil = computeValidUntil(policy, state.type, state.subtype, state.validFrom, proof, today);
  const longTerm = state.type === 'LONG_TERM';
  return {
    ...state,
    status: 'ACTIVE',
    validUntil,
    commitmentDeadline: null,
    commitmentFulfilledOn: today,
    proof: proof ?? null,
    referral: referral ?? null,
    benefitsBothRegions: longTerm && policy.longTermBenefitsBothRegions,
  };
}

export interface LapseOutcome extends FilingTransition {
  /** F-7 (220000): record that this person may never use commitment filing again. */
  barPerson: boolean;
  /**
   * F-7: any fund money paid under the untrue commitment must be recovered (RC-2); the
   * workflow starts a recovery for exactly that amount when it is above zero.
   */
  recoverFundsPaidUnderCommitment: true;
}

/**
 * F-7: the commitment deadline passed without proof. The filing lapses from the day after the
 * deadline (it counted during the period, F-4), and its timers end.
 */
/**
 * F-7: the commitment period ended without proof, or (`cancelledOn`) the pending filing was
 * cancelled without proof, which is a lapse on the cancel date with the same bar and recovery.
 */
export function lapseCommitment(policy: FilingPolicy, state: FilingState, cancelledOn?: IsoDate): LapseOutcome {
  if (state.status !== 'COMMITMENT_PENDING' || state.commitmentDeadline === null) {
    throw new DomainError('FILING_NOT_COMMITMENT_PENDING', { filingId: state.id, status: state.status });
  }
  return {
    state: { ...state, status: 'LAPSED', endedOn: cancelledOn ?? addDays(state.commitmentDeadline, 1) },
    barPerson: policy.commitment.barAfterLapse,
    recoverFundsPaidUnderCommitment: true,
    ruleRefs: ['F-7'],
  };
}
