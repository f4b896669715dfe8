// F-1 / F-6: which material a filing type needs, and whether it is present. Commitment filing
// exists exactly for the case where that material is missing, so both the normal path
// (material required) and the commitment path (material must be missing) read this.
import { DomainError } from '../errors/types';
import type { FilingPolicy } from '../policy/filingPolicy';
import type { FilingApplication, FilingType, LongTermSubtype, ProofInput, ReferralInput, ReReferralLink } from './types';

export type RequiredMaterial = 'PROOF' | 'REFERRAL_CERTIFICATE' | null;

/**
 * F-1: LONG_TERM needs proof (household registration / ID of the destination, residence
 * proof, work proof); REFERRAL needs the referral certificate; EMERGENCY (F-3) and
 * OTHER_TEMPORARY need none.
 */
export function requiredMaterial(type: FilingType): RequiredMaterial {
  if (type === 'LONG_TERM') return 'PROOF';
  if (type === 'REFERRAL') return 'REFERRAL_CERTIFICATE';
  return null;
}

const present = (s: string | undefined | null): boolean => typeof s === 'string' && s.trim().length > 0;

export function hasProof(proof: ProofInput | null | undefined): boolean {
  return !!proof && present(proof.kind);
}

export function hasReferralCertificate(referral: ReferralInput | null | undefined): boolean {
  return !!referral && present(referral.fromHospital) && present(referral.certificateNo);
}

/**
 * The type's material that is still missing, or null. A same-disease re-referral (F-10) is a
 * simplified filing: it reuses the original's proof and needs no new certificate.
 */
export function missingMaterial(
  type: FilingType,
  proof: ProofInput | null | undefined,
  referral: ReferralInput | null | undefined,
  reReferral?: ReReferralLink | null,
): RequiredMaterial {
  const need = requiredMaterial(type);
  if (need === 'PROOF') return hasProof(proof) ? null : 'PROOF';
  if (need === 'REFERRAL_CERTIFICATE') {
    if (hasReferralCertificate(referral) || reReferral?.sameDisease) return null;
    return 'REFERRAL_CERTIFICATE';
  }
  return null;
}

export function missingMaterialError(missing: Exclude<RequiredMaterial, null>): string {
  return missing === 'PROOF' ? 'FILING_PROOF_REQUIRED' : 'FILING_REFERRAL_CERTIFICATE_REQUIRED';
}

/**
 * F-1: a LONG_TERM proof must be of a kind its subtype accepts (region policy): household
 * registration or ID card for RESETTLED, residence proof for RESIDENT, work or study certificate
 * for WORKING. Checked where a request enters (the API), not inside running cases: cases filed
 * before kinds were enumerated carry free-text kinds and must replay as they ran.
 */
export function checkProofKind(
  policy: FilingPolicy,
  subtype: LongTermSubtype | null | undefined,
  proof: ProofInput | null | undefined,
): void {
  if (!subtype || !proof) return;
  const accepted: readonly string[] = policy.proofKinds[subtype];
  if (!accepted.includes(proof.kind)) {
    throw new DomainError('FILING_PROOF_KIND_MISMATCH', { subtype, kind: proof.kind, accepted });
  }
}

/** F-1: 常驻异地工作 is for in-service members of the employee scheme only. */
export function checkWorkingPerson(app: Pick<FilingApplication, 'type' | 'subtype' | 'scheme' | 'personCategory'>): void {
  if (app.type !== 'LONG_TERM' || app.subtype !== 'WORKING') return;
  if (app.scheme !== 'EMPLOYEE' || app.personCategory !== 'IN_SERVICE') {
    throw new DomainError('FILING_WORKING_IN_SERVICE_ONLY', { scheme: app.scheme, personCategory: app.personCategory ?? null });
  }
}
