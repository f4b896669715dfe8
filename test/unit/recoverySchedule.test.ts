import {
  checkPaymentReport,
  fundAccountOf,
  paymentComplete,
  recoveryIdFor,
  recoverySchedule,
  retainedFinesFen,
  transferIdOf,
} from '../../domain/recovery';
import { DomainError } from '../../domain/errors/types';

describe('RC-3 debtor deadline and reminders', () => {
  it('RC-3: 30 calendar days with reminders a week and a day before', () => {
    expect(recoverySchedule('2026-01-15', 30)).toEqual({
      orderedOn: '2026-01-15',
      dueDate: '2026-02-14',
      reminderDates: ['2026-02-07', '2026-02-13'],
    });
  });

  it('RC-3: reminders that would fall on or before the order day are dropped', () => {
    expect(recoverySchedule('2026-01-15', 1).reminderDates).toEqual([]);
    expect(recoverySchedule('2026-01-15', 5).reminderDates).toEqual(['2026-01-19']);
  });

  it('rejects a non-positive deadline', () => {
    expect(() => recoverySchedule('2026-01-15', 0)).toThrow(RangeError);
  });

  it('RC-3: payment counts as collected only once finance confirmed at least the ordered amount', () => {
    expect(paymentComplete({ confirmed: false, amountFen: 0 }, 100)).toBe(false);
    expect(paymentComplete({ confirmed: true, amountFen: 60 }, 100)).toBe(false);
    expect(paymentComplete({ confirmed: true, amountFen: 100 }, 100)).toBe(true);
  });

  it('RC-3: a payment report is refused once the money was collected', () => {
    expect(() => checkPaymentReport('R', 'AWAITING_PAYMENT')).not.toThrow();
    expect(() => checkPaymentReport('R', 'ESCALATED')).not.toThrow();
    expect(() => checkPaymentReport('R', 'TRANSFERRED')).toThrow(DomainError);
  });
});

describe('RC-1, RC-4 deterministic names', () => {
  it('RC-2: one recovery id per source', () => {
    expect(recoveryIdFor('INQUIRY', 'INQ-ABC')).toBe('REC-INQ-INQ-ABC');
    expect(recoveryIdFor('COMMITMENT', 'FIL-1')).toBe('REC-COM-FIL-1');
    expect(recoveryIdFor('AUDIT', 'A1')).toBe('REC-AUD-A1');
    expect(recoveryIdFor('FRAUD', 'F1')).toBe('REC-FRA-F1');
  });

  it('RC-1: the money returns to the insured region fund of the scheme that paid', () => {
    expect(fundAccountOf('220000', 'EMPLOYEE')).toBe('FUND-220000-EMPLOYEE');
  });

  it('RC-4: the transfer id is derived from the recovery id', () => {
    expect(transferIdOf('REC-INQ-1')).toBe('TRF-REC-INQ-1');
  });

  it('RC-1: fines are totalled as retained, apart from the recovered amount', () => {
    expect(retainedFinesFen([{ amountFen: 500 }, { amountFen: 250 }])).toBe(750);
  });
});
