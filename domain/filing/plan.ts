// planFiling: every rule a new filing must pass, and what it starts as (F-1, F-2, F-3, F-5,
// F-6, F-9). Pure: the caller supplies the application date and whether the person is barred
// from commitment filing (F-7), so workflows can call it deterministically.
import { governs } from '../regions';
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import { addDays, compareDates, daysBetween, validThrough, type IsoDate } from '../time';
import { missingMaterial, missingMaterialError } from './materials';
import type { FilingApplication, FilingPlan, FilingState, FilingType, LongTermSubtype, ProofInput, Scheme } from './types';
import { computeValidUntil } from './validity';

export interface PlanContext {
  /** Date the agency received the application (Asia/Shanghai). */
  applicationDate: IsoDate;
  /** The person let a commitment lapse before (F-7); only matters where policy bars them. */
  commitmentBarred: boolean;
}

/** F-1: the policy lists which schemes may use each LONG_TERM subtype (WORKING: employees only). */
export function assertSubtypeAllowed(policy: FilingPolicy, subtype: LongTermSubtype, scheme: Scheme): void {
  const allowed = policy.subtypeSchemes[subtype];
  if (!allowed.includes(scheme)) {
    const code = subtype === 'WORKING' ? 'FILING_WORKING_EMPLOYEES_ONLY' : 'FILING_SUBTYPE_SCHEME_NOT_ALLOWED';
    throw new DomainError(code, { subtype, scheme, allowedSchemes: allowed });
  }
}

/** F-1 type, subtype and scheme checks. */
function checkTypeAndScheme(policy: FilingPolicy, app: FilingApplication): void {
  if (app.type === 'LONG_TERM') {
    if (!app.subtype) throw new DomainError('FILING_SUBTYPE_REQUIRED', { type: app.type });
    assertSubtypeAllowed(policy, app.subtype, app.scheme);
  } else if (app.subtype !== undefined) {
    throw new DomainError('FILING_SUBTYPE_NOT_APPLICABLE', { type: app.type, subtype: app.subtype });
  }
}

/** F-6 / F-1: commitment only for allowed types, only when material is missing, never when barred. */
function checkMaterialsAndCommitment(policy: FilingPolicy, app: FilingApplication, barred: boolean): void {
  const missing = missingMaterial(app.type, app.proof, app.referral, app.reReferral);
  if (!app.commitment) {
    if (missing) throw new DomainError(missingMaterialError(missing), { type: app.type, missing });
    return;
  }
  if (!policy.commitment.allowedTypes.includes(app.type)) {
    throw new DomainError('FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE', {
      type: app.type,
      allowedTypes: policy.commitment.allowedTypes,
    });
  }
  // F-3: EMERGENCY is never a commitment type (refused just above), so material present means no commitment is needed.
  if (!missing) {
    throw new DomainError('FILING_COMMITMENT_NOT_NEEDED', { type: app.type });
  }
  if (barred && policy.commitment.barAfterLapse) {
    throw new DomainError('FILING_COMMITMENT_BARRED', { personId: app.personId, insuredRegion: policy.region });
  }
}

/**
 * F-5 (220000): a retroactive LONG_TERM filing's proof must show residence in the treatment
 * region on or before admission (or, with no admission given, before the validity start).
 * Also used when a commitment filing's proof arrives later.
 */
export function checkResidenceBeforeAdmission(
  policy: FilingPolicy,
  args: {
    type: FilingType;
    retroactive: boolean;
    proof: ProofInput | null | undefined;
    admissionDate: IsoDate | null | undefined;
    validFrom: IsoDate;
  },
): void {
  if (!policy.retroactive.requireResidenceBeforeAdmission || !args.retroactive || args.type !== 'LONG_TERM') return;
  const reference = args.admissionDate ?? args.validFrom;
  const since = args.proof?.residentSince;
  if (!since) throw new DomainError('FILING_RETRO_RESIDENCE_DATE_REQUIRED', { admissionDate: reference });
  if (compareDates(since, reference) > 0) {
    throw new DomainError('FILING_RETRO_RESIDENCE_AFTER_ADMISSION', { residentSince: since, admissionDate: reference });
  }
}

/**
 * F-5: validity start. An explicit startDate wins. Without one, an application naming an
 * earlier admission is a 补办 for that stay, so validity starts at admission (the stay becomes
 * eligible); otherwise it starts on the application date.
 */
function chooseValidFrom(app: FilingApplication, applicationDate: IsoDate): IsoDate {
  if (app.startDate) return app.startDate;
  if (app.admissionDate && compareDates(app.admissionDate, applicationDate) < 0) return app.admissionDate;
  return applicationDate;
}

export function planFiling(policy: FilingPolicy, app: FilingApplication, ctx: PlanContext): FilingPlan {
  const ruleRefs = new Set<string>(['F-1', 'F-2']);
  if (!governs(policy.region, app.insuredRegion)) {
    // The caller looked up the wrong policy or none exists for the region (R-1: a city without
    // its own policy is governed by its province's).
    throw new DomainError('FILING_REGION_UNKNOWN', { insuredRegion: app.insuredRegion, policyRegion: policy.region });
  }
  if (app.insuredRegion === app.treatmentRegion) {
    throw new DomainError('FILING_SAME_REGION', { region: app.insuredRegion });
  }
  checkTypeAndScheme(policy, app);
  if (app.type === 'EMERGENCY') {
    // F-3: deemed filed. Where policy accepts a recorded EMERGENCY filing it is a temporary
    // filing (validity.EMERGENCY, 6 months) whose S-3 reduction is EMERGENCY.
    ruleRefs.add('F-3');
    if (!policy.emergency.acceptFiling) throw new DomainError('FILING_EMERGENCY_NEEDS_NO_FILING', { type: app.type });
  }
  checkMaterialsAndCommitment(policy, app, ctx.commitmentBarred);
  if (app.reReferral) ruleRefs.add('F-10');

  const { applicationDate } = ctx;
  const validFrom = chooseValidFrom(app, applicationDate);
  const retroactive = compareDates(validFrom, applicationDate) < 0;
  if (retroactive) {
    ruleRefs.add('F-5');
    const max = policy.retroactive.maxBackdateDays;
    if (max !== null && daysBetween(validFrom, applicationDate) > max) {
      throw new DomainError('FILING_RETRO_TOO_EARLY', {
        startDate: validFrom,
        applicationDate,
        maxBackdateDays: max,
        earliestStart: addDays(applicationDate, -max),
      });
    }
  }
  if (app.admissionDate && compareDates(app.admissionDate, validFrom) < 0) {
    throw new DomainError('FILING_ADMISSION_BEFORE_VALIDITY', { admissionDate: app.admissionDate, validFrom });
  }
  if (!app.commitment) {
    checkResidenceBeforeAdmission(policy, {
      type: app.type,
      retroactive,
      proof: app.proof,
      admissionDate: app.admissionDate,
      validFrom,
    });
  }

  // Under commitment there is no proof yet: PROOF_END_OR_MONTHS falls back to its months until
  // the proof arrives (supplyProof recomputes).
  const validUntil = computeValidUntil(policy, app.type, app.subtype, validFrom, app.commitment ? null : app.proof, applicationDate);
  if (validUntil !== null && compareDates(validUntil, applicationDate) < 0) {
    // A back-dated start so early that the whole validity is already over helps nobody.
    throw new DomainError('FILING_RETRO_TOO_EARLY', { startDate: validFrom, applicationDate, validUntil });
  }

  let commitmentDeadline: IsoDate | null = null;
  if (app.commitment) {
    ruleRefs.add('F-6');
    commitmentDeadline = validThrough(validFrom, policy.commitment.periodMonths);
  }

  const longTerm = app.type === 'LONG_TERM';
  if (longTerm) ruleRefs.add('F-9');
  const benefitsBothRegions =
    longTerm && policy.longTermBenefitsBothRegions && !(app.commitment && policy.commitment.benefitsBothRegionsOnlyAfterProof);

  return {
    status: app.commitment ? 'COMMITMENT_PENDING' : 'ACTIVE',
    validFrom,
    validUntil,
    commitmentDeadline,
    expiresAt: validUntil,
    benefitsBothRegions,
    retroactive,
    ruleRefs: [...ruleRefs],
  };
}

/** The FilingState a workflow starts with, from the application and its plan. */
export function createFilingState(args: {
  id: string;
  application: FilingApplication;
  plan: FilingPlan;
  applicationDate: IsoDate;
}): FilingState {
  const { id, application: app, plan, applicationDate } = args;
  return {
    id,
    personId: app.personId,
    scheme: app.scheme,
    insuredRegion: app.insuredRegion,
    treatmentRegion: app.treatmentRegion,
    type: app.type,
    subtype: app.subtype ?? null,
    status: plan.status,
    validFrom: plan.validFrom,
    validUntil: plan.validUntil,
    commitmentDeadline: plan.commitmentDeadline,
    commitment: app.commitment,
    commitmentFulfilledOn: null,
    selfService: app.selfService ?? false,
    proof: app.proof ?? null,
    referral: app.referral ?? null,
    linkedFilingId: app.reReferral?.originalFilingId ?? null,
    reReferral: app.reReferral ?? null,
    admissionDate: app.admissionDate ?? null,
    retroactive: plan.retroactive,
    benefitsBothRegions: plan.benefitsBothRegions,
    createdOn: applicationDate,
    endedOn: null,
  };
}
