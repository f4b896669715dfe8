// H-1 动态管理: an institution's status is the dated history of suspensions and reinstatements
// its treatment-region agency recorded. The status on a day is the newest change effective on
// or before it; an institution with no change is ACTIVE.
import { DomainError } from '../errors/types';
import { compareDates, type IsoDate } from '../time';

export const INSTITUTION_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export interface StatusChange {
  /** 1, 2, 3, ... per institution, in the order the changes were recorded. */
  seq: number;
  status: InstitutionStatus;
  reason: string;
  effectiveDate: IsoDate;
  /** When it was recorded (ISO timestamp) and by whom (agency id). */
  recordedAt: string;
  recordedBy: string;
}

export interface StatusOnDay {
  status: InstitutionStatus;
  /** The change that set it; null while the institution never changed. */
  since: IsoDate | null;
  reason: string | null;
}

/** The status in force on `day`: effective date first, recording order among changes of one day. */
export function statusOn(history: readonly StatusChange[], day: IsoDate): StatusOnDay {
  const inForce = history
    .filter((c) => compareDates(c.effectiveDate, day) <= 0)
    .sort((a, b) => compareDates(a.effectiveDate, b.effectiveDate) || a.seq - b.seq);
  const last = inForce[inForce.length - 1];
  return last ? { status: last.status, since: last.effectiveDate, reason: last.reason } : { status: 'ACTIVE', since: null, reason: null };
}

/**
 * H-1: a suspension needs an institution that is active on its effective date, a reinstatement
 * one that is suspended then; anything else would record a change that changes nothing.
 */
export function checkStatusChange(
  hospitalId: string,
  history: readonly StatusChange[],
  to: InstitutionStatus,
  effectiveDate: IsoDate,
): void {
  const current = statusOn(history, effectiveDate);
  if (current.status === to) {
    throw new DomainError(to === 'SUSPENDED' ? 'HOSPITAL_ALREADY_SUSPENDED' : 'HOSPITAL_NOT_SUSPENDED', {
      hospitalId,
      effectiveDate,
      status: current.status,
      since: current.since,
    });
  }
}
