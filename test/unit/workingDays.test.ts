import fc from 'fast-check';
import national2023 from '../../policies/national/holidays/2023.json';
import national2024 from '../../policies/national/holidays/2024.json';
import national2025 from '../../policies/national/holidays/2025.json';
import national2026 from '../../policies/national/holidays/2026.json';
import national2027 from '../../policies/national/holidays/2027.json';
import { loadTestPolicies } from '../support/policies';
import { DomainError } from '../../domain/errors/types';
import { parseHolidayCalendar, type HolidayCalendar } from '../../domain/policy/calendar';
import { fromDayNumber, isWeekend, toDayNumber } from '../../domain/time';
import { addWorkingDays, addWorkingDaysWithCoverage, calendarCoverage, isWorkingDay, workingDaysBetween } from '../../domain/workingDays';

const national: HolidayCalendar[] = [
  parseHolidayCalendar(national2023, 'national/2023'),
  parseHolidayCalendar(national2024, 'national/2024'),
  parseHolidayCalendar(national2025, 'national/2025'),
  parseHolidayCalendar(national2026, 'national/2026'),
  parseHolidayCalendar(national2027, 'national/2027'),
];
// Both seed regions (and the treatment regions without a folder) count on the national schedules.
const zhanjiang = loadTestPolicies().calendarsOf('440800');
const jilin = loadTestPolicies().calendarsOf('220000');

describe('T-3 shipped holiday calendars', () => {
  it('T-3: every shipped calendar parses, one per year; both seed regions and treatment regions use them', () => {
    expect(national.map((c) => c.year)).toEqual([2023, 2024, 2025, 2026, 2027]);
    for (const region of ['440800', '220000', '220100', '110000', '310000']) {
      expect(
        loadTestPolicies()
          .calendarsOf(region)
          .map((c) => c.year),
      ).toEqual([2023, 2024, 2025, 2026, 2027]);
    }
  });

  it('T-3: 2023-2026 are the official State Council schedules, 2027 is marked provisional', () => {
    for (const cals of [zhanjiang, jilin]) {
      expect(cals.filter((c) => !c.provisional).map((c) => c.year)).toEqual([2023, 2024, 2025, 2026]);
      expect(cals[4].provisional).toBe(true);
      expect(cals[4].note).toMatch(/PROVISIONAL/);
    }
  });

  it.each([
    // year, days off, weekend days worked (调休)
    [2023, 2 + 7 + 1 + 5 + 3 + 8, ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08']],
    [
      2024,
      1 + 8 + 3 + 5 + 1 + 3 + 7,
      ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
    ],
    [2025, 1 + 8 + 3 + 5 + 3 + 8, ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']],
  ])('T-3: %i: the State Council schedule (%i days off, its 调休 weekends)', (year, daysOff, workdays) => {
    const c = national.find((n) => n.year === year)!;
    expect(c.holidays).toHaveLength(daysOff as number);
    expect(c.workdays).toEqual(workdays);
  });

  it('T-3: 2026 has the 7 national breaks (33 days off) and 6 调休 working weekends', () => {
    const c = zhanjiang.find((n) => n.year === 2026)!;
    expect(c.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(c.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });
});

describe('T-3 isWorkingDay', () => {
  it.each([
    ['2026-01-01', false, 'New Year holiday (Thursday)'],
    ['2026-01-04', true, 'Sunday worked (调休)'],
    ['2026-02-13', true, 'ordinary Friday'],
    ['2026-02-14', true, 'Saturday worked before Spring Festival'],
    ['2026-02-16', false, 'Spring Festival Monday'],
    ['2026-02-23', false, 'last Spring Festival day'],
    ['2026-02-24', true, 'first day back'],
    ['2026-02-28', true, 'Saturday worked after Spring Festival'],
    ['2026-03-07', false, 'ordinary Saturday'],
    ['2026-10-07', false, 'National Day'],
    ['2026-10-10', true, 'Saturday worked after National Day'],
  ])('T-3: %s working=%s (%s)', (date, expected) => {
    expect(isWorkingDay(date, zhanjiang)).toBe(expected);
    expect(isWorkingDay(date, jilin)).toBe(expected);
  });
});

describe('T-3 addWorkingDays / workingDaysBetween', () => {
  it.each([
    ['2026-03-06', 5, '2026-03-13', 'ordinary week: Friday + 5 = next Friday'],
    ['2026-02-13', 1, '2026-02-14', 'the 调休 Saturday counts'],
    ['2026-02-13', 2, '2026-02-24', 'skips the 9-day Spring Festival'],
    ['2026-09-30', 1, '2026-10-08', 'skips National Day'],
    ['2026-09-30', 3, '2026-10-10', 'lands on the worked Saturday'],
    ['2026-09-30', 4, '2026-10-12', 'then the ordinary Sunday is off'],
    ['2026-09-24', 10, '2026-10-15', 'I-4 ten-day answer deadline across Mid-Autumn and National Day'],
    ['2026-10-15', -2, '2026-10-13', 'I-4 reminder two working days before'],
    ['2026-02-24', -1, '2026-02-14', 'backwards across Spring Festival'],
    ['2026-05-06', 0, '2026-05-06', 'zero is the day itself'],
    ['2026-12-31', 1, '2027-01-04', 'crosses into the provisional 2027 calendar'],
  ])('T-3: %s + %i working days = %s (%s)', (from, n, expected) => {
    expect(addWorkingDays(from, n, zhanjiang)).toBe(expected);
    if (n !== 0) expect(workingDaysBetween(from, expected, zhanjiang)).toBe(n);
  });

  it('T-3: without a calendar only weekends are skipped', () => {
    expect(addWorkingDays('2026-09-24', 10, [])).toBe('2026-10-08');
    expect(isWorkingDay('2026-10-01', [])).toBe(true);
    expect(isWorkingDay('2026-02-14', [])).toBe(false);
  });

  it('T-3: workingDaysBetween is signed and zero for the same day', () => {
    expect(workingDaysBetween('2026-10-15', '2026-09-24', zhanjiang)).toBe(-10);
    expect(workingDaysBetween('2026-10-15', '2026-10-15', zhanjiang)).toBe(0);
  });

  it('T-3: addWorkingDays lands on a working day and workingDaysBetween inverts it (property)', () => {
    const start = toDayNumber('2026-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 700 }), fc.integer({ min: 1, max: 40 }), (offset, n) => {
        const from = fromDayNumber(start + offset);
        const to = addWorkingDays(from, n, zhanjiang);
        expect(isWorkingDay(to, zhanjiang)).toBe(true);
        expect(workingDaysBetween(from, to, zhanjiang)).toBe(n);
        expect(addWorkingDays(to, -n, zhanjiang) <= from).toBe(true);
      }),
    );
  });
});

describe('T-3 missing calendar years fall back to weekends-only, visibly', () => {
  it('T-3: a 2028 deadline is computed weekends-only', () => {
    // 2028-01-03 is a Monday; no 2028 calendar is shipped.
    expect(addWorkingDays('2028-01-03', 5, zhanjiang)).toBe('2028-01-10');
  });

  it('T-3: calendarCoverage reports missing and provisional years', () => {
    expect(calendarCoverage('2027-12-20', '2028-01-10', zhanjiang)).toEqual({
      coveredYears: [2027],
      missingYears: [2028],
      provisionalYears: [2027],
      complete: false,
    });
    expect(calendarCoverage('2026-03-01', '2026-04-01', zhanjiang).complete).toBe(true);
  });

  it('T-3: addWorkingDaysWithCoverage returns the date and the gap', () => {
    const r = addWorkingDaysWithCoverage('2027-12-30', 3, zhanjiang);
    expect(r.date).toBe('2028-01-04');
    expect(r.coverage.missingYears).toEqual([2028]);
  });
});

describe('T-3 calendar data validation', () => {
  const base = { region: '440800', year: 2026, holidays: ['2026-01-01'], workdays: ['2026-01-04'] };

  it('T-3: a minimal calendar parses and defaults provisional to false', () => {
    expect(parseHolidayCalendar(base).provisional).toBe(false);
  });

  it.each([
    ['weekday listed as 调休 workday', { ...base, workdays: ['2026-01-05'] }, 'workdays.0', /weekday/],
    ['date outside the year', { ...base, holidays: ['2027-01-01'] }, 'holidays.0', /not in year 2026/],
    ['duplicate holiday', { ...base, holidays: ['2026-01-01', '2026-01-01'] }, 'holidays.1', /twice/],
    ['impossible date', { ...base, holidays: ['2026-02-30'] }, 'holidays.0', /real calendar date/],
    ['day both off and worked', { ...base, holidays: ['2026-01-04'], workdays: ['2026-01-04'] }, 'workdays.0', /both/],
    ['short region code', { ...base, region: '4408' }, 'region', /6-digit/],
    ['unknown key (typo)', { ...base, extra: true }, '(root)', /extra/],
  ])('T-3: broken calendar (%s) gives POLICY_DATA_INVALID', (_label, json, path, message) => {
    try {
      parseHolidayCalendar(json, 'test calendar');
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      const err = e as DomainError;
      expect(err.code).toBe('POLICY_DATA_INVALID');
      const issues = err.details.issues as { path: string; message: string }[];
      expect(issues.some((i) => i.path === path && message.test(i.message))).toBe(true);
    }
  });

  it('T-3: shipped 调休 workdays are all weekend days', () => {
    for (const c of national) for (const d of c.workdays) expect(isWeekend(d)).toBe(true);
  });
});
