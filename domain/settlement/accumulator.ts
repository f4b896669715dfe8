// S-5: annual deductible and cap accumulators are per person, scheme and calendar year, and
// (section 9: "caps per person, scheme, visit type and calendar year") per visit type. The
// engine only reads the current values and returns the delta; storing it exactly once per
// settlement (idempotently, even on retry) is the persistence layer's job.
import type { Bill } from './bill';
import type { AccumulatorKey } from './types';

/**
 * The accumulator a bill reads and updates. The year is the ADMISSION year: a stay that runs
 * over New Year counts against the year it began, the same date that picks the policy version
 * and the filing (F-4).
 */
export function accumulatorKey(bill: Pick<Bill, 'personId' | 'scheme' | 'admissionDate' | 'visitType'>): AccumulatorKey {
  return {
    personId: bill.personId,
    scheme: bill.scheme,
    year: Number(bill.admissionDate.slice(0, 4)),
    capGroup: bill.visitType,
  };
}

/** A stable string form of the key, e.g. for a unique database index. */
export function accumulatorKeyId(key: AccumulatorKey): string {
  return `${key.personId}:${key.scheme}:${key.year}:${key.capGroup}`;
}
