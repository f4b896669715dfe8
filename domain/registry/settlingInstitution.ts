// H-2, H-3: the facts that set a payout come from the registry, never from the bill. Only a
// networked institution, ACTIVE on the settlement day, inside the bill's treatment region may
// settle directly; the level used for the base ratio (S-3) is the registered one, and a bill
// that states another level is refused rather than silently corrected; a bill cannot name its
// own institution as its referrer.
import { DomainError } from '../errors/types';
import type { Hospital } from '../policy/hospitals';
import { covers, type RegionMap } from '../regions';
import type { StatusOnDay } from './status';

export interface BillInstitutionFacts {
  hospitalId: string;
  hospitalLevel: number;
  treatmentRegion: string;
  referredBy?: string;
}

/** H-3: the registered institution the bill names, or SETTLEMENT_HOSPITAL_UNKNOWN. */
export function registeredInstitution(bill: Pick<BillInstitutionFacts, 'hospitalId'>, hospital: Hospital | undefined): Hospital {
  if (!hospital) throw new DomainError('SETTLEMENT_HOSPITAL_UNKNOWN', { hospitalId: bill.hospitalId });
  return hospital;
}

/** H-3: the level used for the base ratio is the registered one; a bill stating another is refused. */
export function checkRegisteredLevel(bill: Pick<BillInstitutionFacts, 'hospitalLevel'>, hospital: Hospital): void {
  if (bill.hospitalLevel !== hospital.level) {
    throw new DomainError('SETTLEMENT_HOSPITAL_LEVEL_MISMATCH', {
      hospitalId: hospital.id,
      registeredLevel: hospital.level,
      billLevel: bill.hospitalLevel,
    });
  }
}

/** H-2, H-3: every check a direct settlement makes against the registry. */
export function checkSettlingInstitution(bill: BillInstitutionFacts, hospital: Hospital, status: StatusOnDay, regions: RegionMap): void {
  // the bill's treatment region must cover the institution (a Changchun bill may come from a provincial-level one).
  if (!covers(regions, bill.treatmentRegion, hospital.region)) {
    throw new DomainError('SETTLEMENT_HOSPITAL_NOT_IN_REGION', {
      hospitalId: hospital.id,
      registeredRegion: hospital.region,
      billTreatmentRegion: bill.treatmentRegion,
    });
  }
  if (!hospital.networked) throw new DomainError('SETTLEMENT_HOSPITAL_NOT_NETWORKED', { hospitalId: hospital.id });
  if (status.status === 'SUSPENDED') {
    throw new DomainError('SETTLEMENT_HOSPITAL_SUSPENDED', { hospitalId: hospital.id, reason: status.reason, since: status.since });
  }
  checkRegisteredLevel(bill, hospital);
  if (bill.referredBy !== undefined && bill.referredBy === hospital.id) {
    throw new DomainError('SETTLEMENT_SELF_REFERRAL', { hospitalId: hospital.id });
  }
}
