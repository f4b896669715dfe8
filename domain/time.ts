// Calendar arithmetic in Asia/Shanghai (T-1) on plain 'YYYY-MM-DD' strings.
//
// Why no JS Date: Date carries the host's time zone and DST rules, so the same code could give
// different days on a server in Frankfurt and one in Zhanjiang, and workflows must be
// deterministic. Every date here is converted to a day number (days since 1970-01-01) with
// integer arithmetic; China has used a fixed UTC+8 offset without DST since 1991, so an
// instant maps to a Shanghai date with one addition.
import { DomainError } from './errors/types';

/** A calendar date 'YYYY-MM-DD' in Asia/Shanghai. Inclusive when used as a bound (T-1). */
export type IsoDate = string;

export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai is UTC+8 all year (no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function invalidDate(value: unknown, reason: string): DomainError {
  return new DomainError('VALIDATION_FAILED', { field: 'date', value, reason });
}

/** Parses 'YYYY-MM-DD' and rejects dates that do not exist (2026-02-29, 2026-13-01). */
export function parseIsoDate(value: string): CivilDate {
  const m = typeof value === 'string' ? ISO_DATE_RE.exec(value) : null;
  if (!m) throw invalidDate(value, 'must be written YYYY-MM-DD');
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw invalidDate(value, 'is not a real calendar date');
  }
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  if (year < 1 || year > 9999) throw invalidDate(`${year}-${month}-${day}`, 'year out of range 0001-9999');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

// Day-number conversions (proleptic Gregorian, H. Hinnant's civil algorithms): exact integer
// arithmetic, so no floating-point or time-zone surprises.
function civilToDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function dayNumberToCivil(n: number): CivilDate {
  const z2 = n + 719468;
  const era = Math.floor(z2 / 146097);
  const doe = z2 - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Days since 1970-01-01 (that day = 0). */
export function toDayNumber(date: IsoDate): number {
  return civilToDayNumber(parseIsoDate(date));
}

export function fromDayNumber(n: number): IsoDate {
  return formatIsoDate(dayNumberToCivil(n));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw invalidDate(days, 'day count must be an integer');
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Same day-of-month n calendar months later (n may be negative), clamped to the month's last
 * day: 2026-08-31 + 6 -> 2027-02-28, 2027-08-31 + 6 -> 2028-02-29.
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw invalidDate(months, 'month count must be an integer');
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/**
 * T-2: the inclusive last day of a period of `months` calendar months starting on `start`:
 * (start + months, clamped to month end) minus one day. 2026-01-15 + 6 -> 2026-07-14;
 * 2026-08-31 + 6 -> 2027-02-27. "1 year" is validThrough(start, 12).
 */
export function validThrough(start: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months) || months < 1) throw invalidDate(months, 'period must be a whole number of months >= 1');
  return addDays(addMonthsClamped(start, months), -1);
}

/** -1, 0 or 1; plain string order works for valid 'YYYY-MM-DD' but we validate first. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export const isBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) < 0;
export const isAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) > 0;

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) <= 0 ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** Whole days from `from` to `to` (to - from); negative when `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const n = toDayNumber(date);
  return ((((n + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
}

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

export function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}

/** 'YYYY-MM' of a date: the key of monthly periods (I-2 inquiry periods, P-1 clearing). */
export function monthKey(date: IsoDate): string {
  const { year, month } = parseIsoDate(date);
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** T-1: the Asia/Shanghai calendar date of an instant (epoch milliseconds). */
export function isoDateInShanghai(epochMs: number): IsoDate {
  if (!Number.isFinite(epochMs)) throw invalidDate(epochMs, 'instant must be a finite number of milliseconds');
  return fromDayNumber(Math.floor((epochMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

/** The instant 00:00 Asia/Shanghai that begins `date`; workflows derive timer lengths from it. */
export function shanghaiMidnightEpochMs(date: IsoDate): number {
  return toDayNumber(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

/**
 * When something valid through `lastValidDate` (inclusive) stops being valid: 00:00 Shanghai of
 * the following day. "Valid through 2026-07-14" lapses at 2026-07-15T00:00+08:00 (T-1, T-4).
 */
export function deadlineInstantMs(lastValidDate: IsoDate): number {
  return shanghaiMidnightEpochMs(addDays(lastValidDate, 1));
}

/** An instant as ISO 8601 with the +08:00 offset (API.md: timestamps carry an offset). */
export function formatShanghaiTimestamp(epochMs: number): string {
  const date = isoDateInShanghai(epochMs);
  const msOfDay = epochMs - shanghaiMidnightEpochMs(date);
  const h = Math.floor(msOfDay / 3_600_000);
  const mi = Math.floor((msOfDay % 3_600_000) / 60_000);
  const s = Math.floor((msOfDay % 60_000) / 1000);
  const ms = msOfDay % 1000;
  return `${date}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}+08:00`;
}

// ---------------------------------------------------------------------------------------
// ISO 8601 durations, used by the simulation clock (`{"duration":"P6M"}`, API.md).

export interface IsoDuration {
  years: number;
  months: number;
  /** Includes weeks x 7. */
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_RE = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/** Parses 'P6M', 'P1Y2M10D', 'PT5H', 'P3W', 'P1DT12H', 'PT0.5S'. Non-negative only. */
export function parseIsoDuration(text: string): IsoDuration {
  const m = typeof text === 'string' ? DURATION_RE.exec(text) : null;
  // 'P' alone, 'PT' alone or a trailing 'T' carry no amount and are rejected.
  if (!m || text === 'P' || text.endsWith('T') || m.slice(1).every((g) => g === undefined)) {
    throw new DomainError('VALIDATION_FAILED', {
      field: 'duration',
      value: text,
      reason: 'must be an ISO 8601 duration such as P6M, P1Y2M10D, P3W or PT5H',
    });
  }
  const n = (g: string | undefined) => (g === undefined ? 0 : Number(g));
  return {
    years: n(m[1]),
    months: n(m[2]),
    days: n(m[3]) * 7 + n(m[4]),
    hours: n(m[5]),
    minutes: n(m[6]),
    seconds: n(m[7]),
  };
}

/**
 * Adds a duration to an instant the way a person in Shanghai reads a calendar: years and
 * months move the Shanghai date with month-end clamping (T-2), days move the date, and the
 * wall-clock time of day is kept; hours/minutes/seconds are then added as elapsed time.
 * 2026-01-31T10:00+08:00 + P1M -> 2026-02-28T10:00+08:00.
 */
export function addDurationToInstant(epochMs: number, duration: IsoDuration): number {
  const date = isoDateInShanghai(epochMs);
  const msOfDay = epochMs - shanghaiMidnightEpochMs(date);
  const moved = addDays(addMonthsClamped(date, duration.years * 12 + duration.months), duration.days);
  const elapsedMs = Math.round(((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000);
  return shanghaiMidnightEpochMs(moved) + msOfDay + elapsedMs;
}
