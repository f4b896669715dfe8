// F-10 re-referral 再转诊: onward referral of a LONG_TERM or REFERRAL filer, by a treatment-region
// hospital with referral rights or, where no such hospital can, through the insured-region
// agency. The result is a new REFERRAL filing linked to the original.
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import { findHospital, isWithinRegion, type HospitalRegistry } from '../policy/hospitals';
import type { IsoDate } from '../time';
import { hasReferralCertificate } from './materials';
import type { FilingApplication, FilingState, ProofInput, ReReferralRoute } from './types';
import { LIVE_FILING_STATUSES } from './types';
import { isValidOn } from './validity';

export interface ReReferralRoutePick {
  via: ReReferralRoute;
  /** The treatment-region hospital filing the re-referral (required when via = HOSPITAL). */
  hospitalId?: string;
  /** Region of the further hospital; defaults to the original's treatment region. */
  toTreatmentRegion?: string;
}

export interface ReReferralRequest extends ReReferralRoutePick {
  /** Same disease as the original: simplified filing reusing the original proof. */
  sameDisease: boolean;
  /** New referral certificate; may be omitted for a same-disease re-referral. */
  certificateNo?: string;
  /** Hospital that issued the certificate when it is not `hospitalId` (agency route). */
  fromHospital?: string;
  /** New proof, for a different disease. */
  proof?: ProofInput;
  selfService?: boolean;
}

/**
 * F-10 eligibility; throws the reason when the re-referral cannot go this way. `policy` is the
 * insured region's: no region restricts re-referral further today, but the rule reads it so one can.
 */
export function checkReReferral(
  policy: FilingPolicy,
  original: FilingState,
  route: ReReferralRoutePick,
  hospitals: HospitalRegistry,
  today: IsoDate,
): { ruleRefs: string[]; toTreatmentRegion: string } {
  if (original.type !== 'LONG_TERM' && original.type !== 'REFERRAL') {
    throw new DomainError('FILING_RE_REFERRAL_NOT_ALLOWED', { filingId: original.id, type: original.type });
  }
  if (!LIVE_FILING_STATUSES.includes(original.status) || !isValidOn(original, today)) {
    throw new DomainError('FILING_NOT_ACTIVE', { filingId: original.id, status: original.status, today });
  }
  if (route.via === 'HOSPITAL') {
    if (!route.hospitalId) throw new DomainError('FILING_RE_REFERRAL_HOSPITAL_REQUIRED', {});
    const hospital = findHospital(hospitals, route.hospitalId);
    if (!hospital) throw new DomainError('FILING_HOSPITAL_UNKNOWN', { hospitalId: route.hospitalId });
    if (!isWithinRegion(original.treatmentRegion, hospital.region)) {
      throw new DomainError('FILING_RE_REFERRAL_HOSPITAL_OUTSIDE_REGION', {
        hospitalId: hospital.id,
        hospitalRegion: hospital.region,
        treatmentRegion: original.treatmentRegion,
      });
    }
    if (!hospital.referralRights) {
      throw new DomainError('FILING_RE_REFERRAL_HOSPITAL_NO_RIGHTS', { hospitalId: hospital.id, alternative: 'INSURED_AGENCY' });
    }
  }
  const toTreatmentRegion = route.toTreatmentRegion ?? original.treatmentRegion;
  if (toTreatmentRegion === original.insuredRegion) {
    throw new DomainError('FILING_SAME_REGION', { region: toTreatmentRegion });
  }
  // F-4: a long-term filing already covers every networked hospital of its region.
  if (original.type === 'LONG_TERM' && isWithinRegion(original.treatmentRegion, toTreatmentRegion)) {
    throw new DomainError('FILING_RE_REFERRAL_SAME_REGION_COVERED', {
      filingId: original.id,
      treatmentRegion: original.treatmentRegion,
    });
  }
  return { ruleRefs: ['F-10'], toTreatmentRegion };
}

/**
 * F-10: the REFERRAL application for the re-referral, linked to the original. The caller then
 * runs planFiling on it (and resolveSupersession: a same-region re-referral of a REFERRAL
 * filing renews it). Same disease: the original proof and certificate are reused and no new
 * certificate is needed (simplified filing); otherwise a certificate is required.
 */
export function planReReferral(
  policy: FilingPolicy,
  original: FilingState,
  request: ReReferralRequest,
  hospitals: HospitalRegistry,
  today: IsoDate,
): { application: FilingApplication; linkedFilingId: string; simplified: boolean; ruleRefs: string[] } {
  const { toTreatmentRegion, ruleRefs } = checkReReferral(policy, original, request, hospitals, today);
  const certificateNo = request.certificateNo ?? (request.sameDisease ? original.referral?.certificateNo : undefined);
  const fromHospital =
    (request.via === 'HOSPITAL' ? request.hospitalId : undefined) ?? request.fromHospital ?? original.referral?.fromHospital;
  const referral = fromHospital && certificateNo ? { fromHospital, certificateNo } : undefined;
  if (!request.sameDisease && !hasReferralCertificate(referral)) {
    throw new DomainError('FILING_REFERRAL_CERTIFICATE_REQUIRED', { filingId: original.id, reReferral: true });
  }
  const proof = request.sameDisease ? (original.proof ?? request.proof) : request.proof;
  const application: FilingApplication = {
    personId: original.personId,
    scheme: original.scheme,
    insuredRegion: original.insuredRegion,
    treatmentRegion: toTreatmentRegion,
    type: 'REFERRAL',
    commitment: false,
    ...(proof ? { proof } : {}),
    ...(referral ? { referral } : {}),
    selfService: request.selfService ?? false,
    reReferral: { originalFilingId: original.id, via: request.via, sameDisease: request.sameDisease },
  };
  return { application, linkedFilingId: original.id, simplified: request.sameDisease, ruleRefs };
}
