// The person-number change as one durable process: API and tests import these names.
import type { InsuranceStatusChange } from '../../domain/filing/types';
import type { IsoDate } from '../../domain/time';
import type { CaseActor } from '../timeline';

export interface PersonRenumberInput {
  /** Stable per change, from the two numbers (hashed, so no ID number is in the workflow id). */
  changeId: string;
  personId: string;
  newPersonId: string;
  actor: CaseActor;
  note?: string;
}

export interface PersonRenumberResult {
  changeId: string;
  personId: string;
  newPersonId: string;
  /** The person's first number: keys the annual accumulators and the commitment bar. */
  canonicalPersonId: string;
  filingsUpdated: string[];
  recoveriesUpdated: string[];
  /** Cases that had ended before they could be told (nothing in flight to change). */
  skipped: string[];
}

/** F-12: a reported insurance status change of one person. */
export interface InsuranceStatusInput {
  /** Stable per report (hashed, so no ID number is in the workflow id). */
  changeId: string;
  personId: string;
  status: InsuranceStatusChange;
  effectiveDate: IsoDate;
  actor: CaseActor;
}

export interface InsuranceStatusResult {
  changeId: string;
  personId: string;
  status: InsuranceStatusChange;
  effectiveDate: IsoDate;
  /** Live filings told: each ends on the effective date (or when it comes). */
  filingsTold: string[];
  skipped: string[];
}
