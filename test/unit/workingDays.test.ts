import fc from 'fast-check';
import cal440800y2026 from '../../policies/440800/holidays/2026.json';
import cal440800y2027 from '../../policies/440800/holidays/2027.json';
import cal220000y2026 from '../../policies/220000/holidays/2026.json';
import cal220000y2027 from '../../policies/220000/holidays/2027.json';
import { DomainError } from '../../domain/errors/types';
import { parseHolidayCalendar, type HolidayCalendar } from '../../domain/policy/calendar';
import { fromDayNumber, isWeekend, toDayNumber } from '../../domain/time';
import {
  addWorkingDays,
  addWorkingDaysWithCoverage,
  calendarCoverage,
  calendarsForRegion,
  isWorkingDay,
  workingDaysBetween,
} from '../../domain/workingDays';

const all: HolidayCalendar[] = [
  parseHolidayCalendar(cal440800y2026, '440800/2026'),
  parseHolidayCalendar(cal440800y2027, '440800/2027'),
  parseHolidayCalendar(cal220000y2026, '220000/2026'),
  parseHolidayCalendar(cal220000y2027, '220000/2027'),
];
const zhanjiang = calendarsForRegion(all, '440800');
const jilin = calendarsForRegion(all, '220000');

describe('T-3 shipped holiday calendars', () => {
  it('T-3: every shipped calendar parses, one per region and year', () => {
    expect(zhanjiang.map((c) => c.year)).toEqual([2026, 2027]);
    expect(jilin.map((c) => c.year)).toEqual([2026, 2027]);
  });

  it('T-3: 2026 is the official State Council schedule, 2027 is marked provisional', () => {
    for (const cals of [zhanjiang, jilin]) {
      expect(cals[0].provisional).toBe(false);
      expect(cals[1].provisional).toBe(true);
      expect(cals[1].note).toMatch(/PROVISIONAL/);
    }
  });

  it('T-3: 2026 has the 7 national breaks (33 days off) and 6 调休 working weekends', () => {
    const c = zhanjiang[0];
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
    for (const c of all) for (const d of c.workdays) expect(isWeekend(d)).toBe(true);
  });
});
