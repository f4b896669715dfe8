import fc from 'fast-check';
import { DomainError } from '../../domain/errors/types';
import {
  addDays,
  addDurationToInstant,
  addMonthsClamped,
  compareDates,
  daysBetween,
  deadlineInstantMs,
  formatShanghaiTimestamp,
  fromDayNumber,
  isIsoDate,
  isoDateInShanghai,
  isoWeekday,
  monthKey,
  parseIsoDate,
  parseIsoDuration,
  shanghaiMidnightEpochMs,
  toDayNumber,
  validThrough,
} from '../../domain/time';
import { isoDateSchema } from '../../domain/schemas';

describe('T-2 validThrough: N calendar months, clamped to month end, minus one day', () => {
  it.each([
    // [start, months, last valid day]
    ['2026-01-15', 6, '2026-07-14'], // DOMAIN.md example
    ['2026-08-31', 6, '2027-02-27'], // DOMAIN.md example: Feb clamp (28) then minus one
    ['2027-08-31', 6, '2028-02-28'], // leap target: clamp to Feb 29, minus one
    ['2027-08-29', 6, '2028-02-28'], // Feb 29 exists in 2028: 02-29 minus one
    ['2027-08-30', 6, '2028-02-28'], // clamps to 02-29, minus one
    ['2028-02-29', 12, '2029-02-27'], // Feb 29 start, non-leap target clamps to 02-28
    ['2024-02-29', 48, '2028-02-28'], // leap to leap: 2028-02-29 minus one
    ['2026-01-31', 1, '2026-02-27'], // 31st into a 28-day February
    ['2028-01-31', 1, '2028-02-28'], // 31st into a 29-day February
    ['2026-03-31', 1, '2026-04-29'], // 31st into a 30-day month
    ['2026-07-01', 6, '2026-12-31'], // exact half year ends on Dec 31
    ['2026-08-01', 6, '2027-01-31'], // Dec -> next year
    ['2026-12-15', 1, '2027-01-14'], // December + 1 crosses the year
    ['2026-12-31', 2, '2027-02-27'], // crosses the year and clamps
    ['2026-03-01', 12, '2027-02-28'], // "1 year" is 12 months
    ['2027-03-01', 12, '2028-02-29'], // 1 year ending in a leap February
    ['2026-01-01', 1, '2026-01-31'],
  ])('T-2: %s + %i months is valid through %s', (start, months, expected) => {
    expect(validThrough(start, months)).toBe(expected);
  });

  it('T-2: rejects a zero or fractional month count', () => {
    expect(() => validThrough('2026-01-15', 0)).toThrow(DomainError);
    expect(() => validThrough('2026-01-15', 1.5)).toThrow(DomainError);
  });

  it('T-2: the period always ends after its start and before start + months + 1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), fc.integer({ min: 1, max: 36 }), (n, months) => {
        const start = fromDayNumber(n);
        const end = validThrough(start, months);
        expect(compareDates(end, start)).toBeGreaterThanOrEqual(0);
        expect(compareDates(end, addMonthsClamped(start, months))).toBe(-1);
        expect(daysBetween(start, end)).toBeGreaterThanOrEqual(27 * months);
      }),
    );
  });
});

describe('T-1 calendar primitives', () => {
  it.each([
    ['2026-02-29', false], // 2026 is not a leap year
    ['2028-02-29', true],
    ['1900-02-29', false], // century rule
    ['2000-02-29', true], // 400-year rule
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-5', false],
    ['20260105', false],
    ['2026-12-31', true],
  ])('T-1: isIsoDate(%s) = %s', (value, ok) => {
    expect(isIsoDate(value)).toBe(ok);
    expect(isoDateSchema.safeParse(value).success).toBe(ok);
  });

  it('T-1: parseIsoDate rejects an impossible date with VALIDATION_FAILED', () => {
    try {
      parseIsoDate('2026-02-30');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION_FAILED');
    }
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
  ])('T-1: addDays(%s, %i) = %s', (d, n, expected) => {
    expect(addDays(d, n)).toBe(expected);
  });

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-01-15', -13, '2024-12-15'],
  ])('T-2: addMonthsClamped(%s, %i) = %s', (d, n, expected) => {
    expect(addMonthsClamped(d, n)).toBe(expected);
  });

  it('T-1: day numbers agree with UTC calendar arithmetic (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50000, max: 50000 }), (n) => {
        const expected = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(fromDayNumber(n)).toBe(expected);
        expect(toDayNumber(expected)).toBe(n);
      }),
    );
  });

  it('T-1: compareDates and daysBetween', () => {
    expect(compareDates('2026-01-01', '2026-01-02')).toBe(-1);
    expect(compareDates('2026-01-02', '2026-01-02')).toBe(0);
    expect(compareDates('2027-01-01', '2026-12-31')).toBe(1);
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(daysBetween('2028-03-01', '2028-01-01')).toBe(-60);
  });

  it.each([
    ['2026-01-01', 4], // Thursday
    ['2026-02-14', 6], // Saturday (a 2026 调休 workday)
    ['2026-01-04', 7], // Sunday
    ['2026-10-05', 1], // Monday
  ])('T-3 support: isoWeekday(%s) = %i', (d, w) => {
    expect(isoWeekday(d)).toBe(w);
  });

  it('monthKey is YYYY-MM', () => {
    expect(monthKey('2026-07-26')).toBe('2026-07');
    expect(() => monthKey('2026-07-32')).toThrow(DomainError);
  });
});

describe('T-1 Asia/Shanghai instants (fixed UTC+8)', () => {
  it.each([
    ['2026-01-14T16:00:00.000Z', '2026-01-15'], // midnight Shanghai
    ['2026-01-14T15:59:59.999Z', '2026-01-14'], // one ms earlier
    ['2026-12-31T16:30:00.000Z', '2027-01-01'], // UTC still in the old year
    ['2028-02-28T20:00:00.000Z', '2028-02-29'],
  ])('T-1: instant %s is %s in Shanghai', (iso, date) => {
    expect(isoDateInShanghai(Date.parse(iso))).toBe(date);
  });

  it('T-1: shanghaiMidnightEpochMs is 00:00+08:00 and round-trips', () => {
    expect(shanghaiMidnightEpochMs('2026-07-15')).toBe(Date.parse('2026-07-15T00:00:00+08:00'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40000 }), (n) => {
        const d = fromDayNumber(n);
        expect(isoDateInShanghai(shanghaiMidnightEpochMs(d))).toBe(d);
        expect(isoDateInShanghai(shanghaiMidnightEpochMs(d) - 1)).toBe(addDays(d, -1));
      }),
    );
  });

  it('T-1/T-4: "valid through 2026-07-14" lapses at 2026-07-15T00:00+08:00', () => {
    expect(deadlineInstantMs('2026-07-14')).toBe(Date.parse('2026-07-15T00:00:00+08:00'));
    expect(isoDateInShanghai(deadlineInstantMs('2026-07-14') - 1)).toBe('2026-07-14');
  });

  it('T-1: timestamps carry the +08:00 offset', () => {
    expect(formatShanghaiTimestamp(Date.parse('2026-03-01T01:02:03.004Z'))).toBe('2026-03-01T09:02:03.004+08:00');
  });
});

describe('ISO 8601 durations for the simulation clock', () => {
  it.each([
    ['P6M', { years: 0, months: 6, days: 0, hours: 0, minutes: 0, seconds: 0 }],
    ['P1Y2M10D', { years: 1, months: 2, days: 10, hours: 0, minutes: 0, seconds: 0 }],
    ['PT5H', { years: 0, months: 0, days: 0, hours: 5, minutes: 0, seconds: 0 }],
    ['P3W', { years: 0, months: 0, days: 21, hours: 0, minutes: 0, seconds: 0 }],
    ['P1DT12H30M15.5S', { years: 0, months: 0, days: 1, hours: 12, minutes: 30, seconds: 15.5 }],
  ])('parses %s', (text, expected) => {
    expect(parseIsoDuration(text)).toEqual(expected);
  });

  it.each(['', 'P', 'PT', 'P1DT', '6M', 'P-1D', 'P1.5M', 'PT1H2D', 'p6m'])('rejects %j with VALIDATION_FAILED', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it.each([
    // month arithmetic on the Shanghai calendar, wall-clock time kept
    ['2026-01-31T10:00:00+08:00', 'P1M', '2026-02-28T10:00:00+08:00'],
    ['2026-01-15T00:00:00+08:00', 'P6M', '2026-07-15T00:00:00+08:00'],
    // 23:30 Shanghai is still the previous UTC day: the Shanghai date must be used
    ['2026-01-31T23:30:00+08:00', 'P1M', '2026-02-28T23:30:00+08:00'],
    ['2027-08-31T08:00:00+08:00', 'P6M', '2028-02-29T08:00:00+08:00'],
    ['2026-12-31T22:00:00+08:00', 'PT5H', '2027-01-01T03:00:00+08:00'],
    ['2026-02-20T12:00:00+08:00', 'P1Y2M10D', '2027-04-30T12:00:00+08:00'],
    ['2026-03-01T00:00:00+08:00', 'P3W', '2026-03-22T00:00:00+08:00'],
  ])('%s + %s = %s', (from, duration, to) => {
    expect(addDurationToInstant(Date.parse(from), parseIsoDuration(duration))).toBe(Date.parse(to));
  });
});
