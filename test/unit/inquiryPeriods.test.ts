import national2026 from '../../policies/national/holidays/2026.json';
import { parseHolidayCalendar } from '../../domain/policy/calendar';
import {
  INQUIRY_CUTOFF_DAY,
  confirmationDueDate,
  inquiryPeriodOf,
  issueCollaborationDeadlines,
  negotiationDueDate,
  nextPeriod,
  periodDueDate,
  provincialAgencyOf,
} from '../../domain/inquiry';
import { deadlineInstantMs } from '../../domain/time';

const jilin = [parseHolidayCalendar(national2026, 'national/2026')];

describe('I-2 monthly periods locked at the 26th', () => {
  it('I-2: the cut-off day is the 26th', () => {
    expect(INQUIRY_CUTOFF_DAY).toBe(26);
  });

  it.each([
    ['2026-03-01', '2026-03'],
    ['2026-03-25', '2026-03'],
    ['2026-03-26', '2026-03'], // on the cut-off day: still this month's period
    ['2026-03-27', '2026-04'], // after it: next month's
    ['2026-03-31', '2026-04'],
    ['2026-12-26', '2026-12'],
    ['2026-12-27', '2027-01'], // year boundary
    ['2028-02-29', '2028-03'],
  ])('I-2: a request opened on %s belongs to period %s', (openedOn, period) => {
    expect(inquiryPeriodOf(openedOn)).toBe(period);
  });

  it.each([
    ['2026-03', '2026-04-26'],
    ['2026-12', '2027-01-26'],
    ['2027-01', '2027-02-26'],
  ])('I-2: requests of period %s are answered by %s (26th of the next month)', (period, due) => {
    expect(periodDueDate(period)).toBe(due);
  });

  it('I-2: an unanswered request rolls into the next period, across a year end', () => {
    expect(nextPeriod('2026-11')).toBe('2026-12');
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(periodDueDate(nextPeriod('2026-12'))).toBe('2027-02-26');
  });

  it('I-2, T-1: "by the 26th" ends at 00:00 Asia/Shanghai of the 27th', () => {
    expect(new Date(deadlineInstantMs(periodDueDate('2026-03'))).toISOString()).toBe('2026-04-26T16:00:00.000Z');
  });

  it('rejects a malformed period', () => {
    expect(() => nextPeriod('2026-13')).toThrow(RangeError);
    expect(() => periodDueDate('26-01')).toThrow(RangeError);
  });
});

describe('working-day deadlines across a holiday (T-3)', () => {
  it('I-4, T-3: 10 working days from 2026-09-24 skip Mid-Autumn and National Day and count the 10-10 调休 Saturday', () => {
    // 09-25..27 and 10-01..07 are holidays; 10-10 (Saturday) is worked.
    expect(issueCollaborationDeadlines('2026-09-24', { answerWorkingDays: 10, reminderWorkingDaysBefore: 2 }, jilin)).toEqual({
      dueDate: '2026-10-15',
      reminderDate: '2026-10-13',
    });
    // The same window without the calendar would end a week earlier: the calendar matters.
    expect(issueCollaborationDeadlines('2026-09-24', { answerWorkingDays: 10, reminderWorkingDaysBefore: 2 }, []).dueDate).toBe(
      '2026-10-08',
    );
  });

  it('I-4: a window too short for a reminder after the opening day sends none', () => {
    expect(
      issueCollaborationDeadlines('2026-06-01', { answerWorkingDays: 1, reminderWorkingDaysBefore: 2 }, jilin).reminderDate,
    ).toBeNull();
  });

  it('I-3, T-3: 5 working days to confirm an answer given on 2026-09-30 end on 2026-10-13, not 10-07', () => {
    expect(confirmationDueDate('2026-09-30', { confirmationWorkingDays: 5 }, jilin)).toBe('2026-10-13');
    expect(confirmationDueDate('2026-09-30', { confirmationWorkingDays: 5 }, [])).toBe('2026-10-07');
  });

  it('I-3: an answer on a Friday is confirmed by the next Friday in an ordinary week', () => {
    expect(confirmationDueDate('2026-06-05', { confirmationWorkingDays: 5 }, jilin)).toBe('2026-06-12');
  });

  it('I-3: the negotiation window counts working days from the dispute', () => {
    expect(negotiationDueDate('2026-09-30', { negotiationWorkingDays: 10 }, jilin)).toBe('2026-10-20');
  });

  it('I-3: escalation goes to the provincial agency above the insured region', () => {
    expect(provincialAgencyOf('220100')).toBe('220000');
    expect(provincialAgencyOf('440800')).toBe('440000');
    expect(provincialAgencyOf('220000')).toBe('220000');
  });
});
