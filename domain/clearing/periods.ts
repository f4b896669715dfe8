// Clearing periods (P-2): a period is a calendar month 'YYYY-MM' in Asia/Shanghai, named by the
// settlement's stored time. Its clearing starts on the policy's start day of the next month and
// its payment is due on the policy's due day of that month (section 9: the 5th and the 20th).
import { addDays, addMonthsClamped, daysInMonth, formatIsoDate, type IsoDate } from '../time';

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && PERIOD_PATTERN.test(value);
}

function parts(period: string): { year: number; month: number } {
  if (!isPeriod(period)) throw new RangeError(`not a period YYYY-MM: ${period}`);
  return { year: Number(period.slice(0, 4)), month: Number(period.slice(5, 7)) };
}

export function firstDayOf(period: string): IsoDate {
  const { year, month } = parts(period);
  return formatIsoDate({ year, month, day: 1 });
}

export function lastDayOf(period: string): IsoDate {
  const { year, month } = parts(period);
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

export function addPeriods(period: string, n: number): string {
  return addMonthsClamped(firstDayOf(period), n).slice(0, 7);
}

export const nextPeriod = (period: string): string => addPeriods(period, 1);
export const previousPeriod = (period: string): string => addPeriods(period, -1);

/** Day `day` of the month after the period, clamped to that month's length. */
function dayOfFollowingMonth(period: string, day: number): IsoDate {
  const next = parts(nextPeriod(period));
  return formatIsoDate({ ...next, day: Math.min(day, daysInMonth(next.year, next.month)) });
}

/** P-2: the day the period's clearing starts (the schedule fires at 00:00 Asia/Shanghai). */
export const clearingStartDate = (period: string, startDay: number): IsoDate => dayOfFollowingMonth(period, startDay);

/** P-2, P-3: payment is due by this day (inclusive). */
export const clearingDueDate = (period: string, dueDay: number): IsoDate => dayOfFollowingMonth(period, dueDay);

/** P-3: reminder days before the due day, earliest first, none before `from`. */
export function reminderDates(dueDate: IsoDate, daysBefore: readonly number[], from: IsoDate): IsoDate[] {
  return [...daysBefore]
    .sort((a, b) => b - a)
    .map((d) => addDays(dueDate, -d))
    .filter((d) => d >= from);
}

/** A period has ended once its last day is over: clearing it earlier would miss settlements. */
export function periodEnded(period: string, today: IsoDate): boolean {
  return today > lastDayOf(period);
}

/** The period a date falls in. */
export const periodOfDate = (date: IsoDate): string => date.slice(0, 7);

/** CLR-<insured>-<treatment>-<period>: one clearing per pair and period however often it is started. */
export function clearingIdOf(insuredRegion: string, treatmentRegion: string, period: string): string {
  return `CLR-${insuredRegion}-${treatmentRegion}-${period}`;
}

export function parseClearingId(id: string): { insuredRegion: string; treatmentRegion: string; period: string } | null {
  const m = /^CLR-(\d{6})-(\d{6})-(\d{4}-\d{2})$/.exec(id);
  return m && isPeriod(m[3]) ? { insuredRegion: m[1], treatmentRegion: m[2], period: m[3] } : null;
}
