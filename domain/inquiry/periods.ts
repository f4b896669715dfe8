// I-2 monthly periods of expense inquiry. Requests are locked at the cut-off day: one opened on
// or before the 26th belongs to that month's period, one opened after it to the next month's.
// The treatment-region agency answers by the 26th of the month after the period.
import { addMonthsClamped, formatIsoDate, monthKey, parseIsoDate, type IsoDate } from '../time';

/** I-2 cut-off day of the month (locks the period's requests; also the answer day). */
export const INQUIRY_CUTOFF_DAY = 26;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function firstDayOf(period: string): IsoDate {
  if (!PERIOD_RE.test(period)) throw new RangeError(`period must be YYYY-MM, got ${period}`);
  return `${period}-01`;
}

/** I-2: the period a request opened on `openedOn` belongs to. */
export function inquiryPeriodOf(openedOn: IsoDate): string {
  const { day } = parseIsoDate(openedOn);
  const month = `${monthKey(openedOn)}-01`;
  return day <= INQUIRY_CUTOFF_DAY ? monthKey(month) : monthKey(addMonthsClamped(month, 1));
}

/** The period after `period` (where an unanswered request rolls, I-2). */
export function nextPeriod(period: string): string {
  return monthKey(addMonthsClamped(firstDayOf(period), 1));
}

/** I-2: the last day to answer a request of `period`: the 26th of the following month. */
export function periodDueDate(period: string): IsoDate {
  const { year, month } = parseIsoDate(addMonthsClamped(firstDayOf(period), 1));
  return formatIsoDate({ year, month, day: INQUIRY_CUTOFF_DAY });
}
