// Region-scoped authorization (API.md): a clerk acts only for its insured region; a treatment
// agency or hospital sees only cases in its treatment region; an admin sees everything.
import { DomainError } from '../../domain/errors';
import type { Principal } from '../http/apiKeys';
import type { Bill } from '../../domain/settlement';

export interface RegionScoped {
  insuredRegion: string;
  treatmentRegion: string;
}

export function canRead(principal: Principal, subject: RegionScoped): boolean {
  switch (principal.role) {
    case 'ADMIN':
      return true;
    case 'INSURED_CLERK':
      return principal.region === subject.insuredRegion;
    case 'TREATMENT_AGENCY':
    case 'HOSPITAL':
      return principal.region === subject.treatmentRegion;
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

/** A hospital settles only bills of its own treatment region. */
export function assertHospitalOf(principal: Principal, treatmentRegion: string): void {
  if (principal.role !== 'HOSPITAL' || principal.region !== treatmentRegion) {
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, billTreatmentRegion: treatmentRegion });
  }
}

/** A quote: a hospital of the treatment region, or a clerk of the insured region. */
export function assertMayQuote(principal: Principal, bill: Bill): void {
  if (principal.role === 'HOSPITAL') return assertHospitalOf(principal, bill.treatmentRegion);
  assertInsuredClerkOf(principal, bill.insuredRegion);
}
