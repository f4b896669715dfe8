// Region-scoped authorization (docs/API.md): a clerk acts only for its insured region; a
// treatment agency sees cases in its treatment region; a hospital those of its region and, where
// a record belongs to an institution (settlements), only its own institution's (H-4); an admin
// sees everything.
import { DomainError } from '../../domain/errors';
import type { Principal } from '../http/apiKeys';
import type { Bill } from '../../domain/settlement';

export interface RegionScoped {
  insuredRegion: string;
  treatmentRegion: string;
  /** The institution a record belongs to (settlements), when it belongs to one. */
  hospitalId?: string | null;
}

export function canRead(principal: Principal, subject: RegionScoped): boolean {
  switch (principal.role) {
    case 'ADMIN':
      return true;
    case 'INSURED_CLERK':
      return principal.region === subject.insuredRegion;
    case 'TREATMENT_AGENCY':
      return principal.region === subject.treatmentRegion;
    case 'HOSPITAL':
      return principal.region === subject.treatmentRegion && (!subject.hospitalId || subject.hospitalId === principal.hospitalId);
  }
}

/** Reading someone else's case answers 404, not 403: its existence is not disclosed. */
export function assertCanRead(principal: Principal, subject: RegionScoped, what: string): void {
  if (!canRead(principal, subject)) throw new DomainError('NOT_FOUND', { [what]: 'not found' });
}

export function assertInsuredClerkOf(principal: Principal, insuredRegion: string): void {
  if (principal.role === 'ADMIN') return;
  if (principal.role !== 'INSURED_CLERK' || principal.region !== insuredRegion) {
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, caseInsuredRegion: insuredRegion });
  }
}

/** The query filter that limits a list to what this principal may see. */
export function visibilityFilter(principal: Principal): Record<string, string> {
  switch (principal.role) {
    case 'ADMIN':
      return {};
    case 'INSURED_CLERK':
      return { insuredRegion: principal.region ?? '-' };
    case 'TREATMENT_AGENCY':
    case 'HOSPITAL':
      return { treatmentRegion: principal.region ?? '-' };
  }
}

/** H-4: a hospital key settles only its own institution's bills, in its own treatment region. */
export function assertHospitalOf(principal: Principal, bill: Pick<Bill, 'hospitalId' | 'treatmentRegion'>): void {
  if (principal.role !== 'HOSPITAL' || principal.region !== bill.treatmentRegion) {
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, billTreatmentRegion: bill.treatmentRegion });
  }
  if (principal.hospitalId !== bill.hospitalId) {
    throw new DomainError('AUTH_FORBIDDEN_INSTITUTION', { yourInstitution: principal.hospitalId, billHospitalId: bill.hospitalId });
  }
}

/** A quote: the hospital itself, or a clerk of the insured region. */
export function assertMayQuote(principal: Principal, bill: Bill): void {
  if (principal.role === 'HOSPITAL') return assertHospitalOf(principal, bill);
  assertInsuredClerkOf(principal, bill.insuredRegion);
}
