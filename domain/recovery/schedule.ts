// RC-3 debtor deadline and reminders. The deadline is policy (calendar days, 30 in both seed
// regions). Reminders are not in the rulebook: we remind a week and a day before the deadline,
// the usual 催缴 rhythm, skipping any that would fall on or before the order date.
import { DomainError } from '../errors/types';
import { addDays, compareDates, type IsoDate } from '../time';
import type { RecoverySchedule } from './types';

export const RECOVERY_REMINDER_DAYS_BEFORE = [7, 1] as const;

export function recoverySchedule(orderedOn: IsoDate, debtorDeadlineDays: number): RecoverySchedule {
  if (!Number.isInteger(debtorDeadlineDays) || debtorDeadlineDays < 1) {
    throw new RangeError(`debtor deadline must be a whole number of days >= 1, got ${debtorDeadlineDays}`);
  }
  const dueDate = addDays(orderedOn, debtorDeadlineDays);
  const reminderDates = RECOVERY_REMINDER_DAYS_BEFORE.map((d) => addDays(dueDate, -d)).filter((d) => compareDates(d, orderedOn) > 0);
  return { orderedOn, dueDate, reminderDates };
}

/** RC-3 "payment confirmed": finance has seen at least the ordered amount. */
export function paymentComplete(collection: { confirmed: boolean; amountFen: number }, amountFen: number): boolean {
  return collection.confirmed && collection.amountFen >= amountFen;
}

/** RC-1: fines are recorded, retained by the treatment region, and never part of a transfer. */
export function retainedFinesFen(fines: ReadonlyArray<{ amountFen: number }>): number {
  return fines.reduce((sum, f) => sum + f.amountFen, 0);
}

/** A payment report makes sense only while the recovery waits for the debtor's money (RC-3). */
export function checkPaymentReport(recoveryId: string, status: string): void {
  if (status !== 'ORDERED' && status !== 'AWAITING_PAYMENT' && status !== 'ESCALATED') {
    throw new DomainError('RECOVERY_NOT_AWAITING_PAYMENT', { recoveryId, status });
  }
}
