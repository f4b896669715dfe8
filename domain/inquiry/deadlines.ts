// Deadlines of inquiry cases (T-1, T-3, T-4). Working days count on the calendar of the side that
// must act: the treatment agency's answer and negotiation on its region's, the insured clerk's
// confirmation on the insured region's (CaseRules in lifecycle.ts chooses which).
import { addWorkingDays, type RegionCalendars } from '../workingDays';
import { compareDates, deadlineInstantMs, shanghaiMidnightEpochMs, type IsoDate } from '../time';
import type { InquiryTerms } from './types';

/** I-3: the insured region confirms or disputes within 5 working days of the answer. */
export const CONFIRMATION_WORKING_DAYS = 5;

/** I-4: answer deadline and reminder day of an issue collaboration opened on `openedOn`. */
export function issueCollaborationDeadlines(
  openedOn: IsoDate,
  terms: Pick<InquiryTerms, 'answerWorkingDays' | 'reminderWorkingDaysBefore'>,
  calendars: RegionCalendars,
): { dueDate: IsoDate; reminderDate: IsoDate | null } {
  const dueDate = addWorkingDays(openedOn, terms.answerWorkingDays, calendars);
  const reminder = addWorkingDays(dueDate, -terms.reminderWorkingDaysBefore, calendars);
  // A window too short for a reminder after the opening day gets none (the notice itself is news).
  return { dueDate, reminderDate: compareDates(reminder, openedOn) > 0 ? reminder : null };
}

/** I-3: last day to confirm or dispute an answer given on `answeredOn`. */
export function confirmationDueDate(
  answeredOn: IsoDate,
  terms: Pick<InquiryTerms, 'confirmationWorkingDays'>,
  calendars: RegionCalendars,
): IsoDate {
  return addWorkingDays(answeredOn, terms.confirmationWorkingDays, calendars);
}

/** I-3: last day for the treatment agency to answer a dispute before it goes to the province. */
export function negotiationDueDate(
  disputedOn: IsoDate,
  terms: Pick<InquiryTerms, 'negotiationWorkingDays'>,
  calendars: RegionCalendars,
): IsoDate {
  return addWorkingDays(disputedOn, terms.negotiationWorkingDays, calendars);
}

/** The provincial agency above a region (220100 -> 220000; a province is its own). */
export function provincialAgencyOf(region: string): string {
  return `${region.slice(0, 2)}0000`;
}

/** "By `date`" (inclusive) ends at 00:00 Shanghai of the next day: the timer instant (T-1, T-4). */
export const endOfDayInstantMs = deadlineInstantMs;

/** Something due "on `date`" (a reminder) happens at the start of that Shanghai day. */
export const startOfDayInstantMs = shanghaiMidnightEpochMs;
