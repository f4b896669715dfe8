// T-3: working days skip weekends and the region's holiday calendar, and count the weekend
// days moved to work (调休上班). Calendars are data, one per region and year
// (domain/policy/calendar.ts).
//
// Missing years: the State Council publishes each schedule only late in the previous year,
// so a deadline can reach into a year nobody has a calendar for yet. Throwing would stall a
// running case (a months-long workflow must not break on data), so addWorkingDays and friends
// fall back to weekends-only for such years. The gap is made visible instead: calendarCoverage
// (and addWorkingDaysWithCoverage) report the missing years so the API can warn the clerk and
// an admin can add the file.
import { addDays, compareDates, isWeekend, yearOf, type IsoDate } from './time';
import type { HolidayCalendar } from './policy/calendar';

export type { HolidayCalendar };

/** Calendars of one region (callers pass only that region's calendars). */
export type RegionCalendars = readonly HolidayCalendar[];

/** The calendars of `region` out of a mixed list. */
export function calendarsForRegion(all: readonly HolidayCalendar[], region: string): HolidayCalendar[] {
  return all.filter((c) => c.region === region);
}

function calendarForYear(calendars: RegionCalendars, year: number): HolidayCalendar | undefined {
  return calendars.find((c) => c.year === year);
}

/** T-3: a weekday that is no holiday, or a weekend day listed as 调休 workday. */
export function isWorkingDay(date: IsoDate, calendars: RegionCalendars): boolean {
  const cal = calendarForYear(calendars, yearOf(date));
  if (cal) {
    if (cal.holidays.includes(date)) return false;
    if (cal.workdays.includes(date)) return true;
  }
  return !isWeekend(date);
}

/**
 * The date `n` working days after `date` (n < 0: before; n = 0: `date` itself). `date` itself
 * is not counted: 5 working days after a Friday is the next Friday in an ordinary week.
 * Years without a calendar count weekends only (see file header).
 */
export function addWorkingDays(date: IsoDate, n: number, calendars: RegionCalendars): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`working-day count must be an integer, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current, calendars)) remaining -= 1;
  }
  return current;
}

/**
 * Working days in (from, to]: the n with addWorkingDays(from, n) landing on `to` when `to` is a
 * working day. Negative when `to` is before `from`; 0 when equal.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendars: RegionCalendars): number {
  const order = compareDates(from, to);
  if (order === 0) return 0;
  const [lo, hi] = order < 0 ? [from, to] : [to, from];
  let count = 0;
  for (let d = addDays(lo, 1); compareDates(d, hi) <= 0; d = addDays(d, 1)) {
    if (isWorkingDay(d, calendars)) count += 1;
  }
  return order < 0 ? count : -count;
}

export interface CalendarCoverage {
  /** Years in [from, to] with a calendar. */
  coveredYears: number[];
  /** Years in [from, to] without one: counted weekends-only. */
  missingYears: number[];
  /** Years whose calendar is only a provisional estimate. */
  provisionalYears: number[];
  complete: boolean;
}

/** Which years between two dates (either order) have a calendar; the API warns on gaps. */
export function calendarCoverage(from: IsoDate, to: IsoDate, calendars: RegionCalendars): CalendarCoverage {
  const [a, b] = [yearOf(from), yearOf(to)].sort((x, y) => x - y);
  const coveredYears: number[] = [];
  const missingYears: number[] = [];
  const provisionalYears: number[] = [];
  for (let y = a; y <= b; y++) {
    const cal = calendarForYear(calendars, y);
    if (!cal) missingYears.push(y);
    else {
      coveredYears.push(y);
      if (cal.provisional) provisionalYears.push(y);
    }
  }
  return { coveredYears, missingYears, provisionalYears, complete: missingYears.length === 0 };
}

/** addWorkingDays plus the coverage of the span it crossed, for callers that must warn. */
export function addWorkingDaysWithCoverage(
  date: IsoDate,
  n: number,
  calendars: RegionCalendars,
): { date: IsoDate; coverage: CalendarCoverage } {
  const result = addWorkingDays(date, n, calendars);
  return { date: result, coverage: calendarCoverage(date, result, calendars) };
}
