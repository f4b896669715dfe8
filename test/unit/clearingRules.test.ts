// P-2..P-6 as pure rules: periods and due dates, reconciliation of every kind of difference and
// what each resolution puts in the statement, the statement worked by hand, the due-day path with
// reminders, escalation and a delay report, payment in full closing the period, and the books
// (fees never from the fund, interest to the treatment region, every movement balanced).
import {
  carriedException,
  checkPayment,
  chooseOffsets,
  clearingDueDate,
  clearingLedgerBalance,
  clearingStartDate,
  compareLines,
  delayReported,
  exceptionResolved,
  fullyReconciled,
  isFundAccount,
  lineOfResolved,
  locked,
  makeStatement,
  movementLegs,
  nextClearingDeadline,
  onDeadline,
  openClearing,
  paymentRecorded,
  ratesOf,
  reconciled,
  reconciliationSummary,
  reminderDates,
  statementMade,
  applied,
  type ClearingLine,
  type ClearingState,
  type ClearingTransition,
} from '../../domain/clearing';
import { DomainError } from '../../domain/errors';
import { DEFAULT_CLEARING_POLICY, parseClearingPolicy } from '../../domain/policy/clearingPolicy';
import { loadTestPolicies } from '../support/policies';

const terms = { dueDay: 20, reminderDaysBefore: [3, 1], escalationRepeatDays: 7 };
const order = { clearingId: 'CLR-440800-110000-2026-03', period: '2026-03', insuredRegion: '440800', treatmentRegion: '110000', terms };

const line = (id: string, fundFen: number, over: Partial<ClearingLine> = {}): ClearingLine => ({
  lineId: id,
  settlementId: id,
  kind: 'SETTLEMENT',
  fundFen,
  scheme: 'EMPLOYEE',
  visitType: 'INPATIENT',
  hospitalId: 'H110000001',
  recordPeriod: '2026-03',
  ...over,
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('clearing periods (P-2, P-3)', () => {
  it('P-2: the clearing of March starts on April 5 and is due on April 20 (section 9 defaults)', () => {
    expect(clearingStartDate('2026-03', 5)).toBe('2026-04-05');
    expect(clearingDueDate('2026-03', 20)).toBe('2026-04-20');
    expect(clearingDueDate('2026-12', 20)).toBe('2027-01-20');
  });

  it('P-3: reminders 3 and 1 days before the due day, earliest first', () => {
    expect(reminderDates('2026-04-20', [3, 1], '2026-04-05')).toEqual(['2026-04-17', '2026-04-19']);
    expect(reminderDates('2026-04-20', [3, 1], '2026-04-18')).toEqual(['2026-04-19']);
  });

  it('P-2: both shipped policies carry the section 9 clearing, advance and monitoring figures', () => {
    const policies = loadTestPolicies();
    expect(policies.forRegion('440800').clearing.clearing).toEqual({
      startDay: 5,
      dueDay: 20,
      reminderDaysBefore: [3, 1],
      escalationRepeatDays: 7,
    });
    expect(policies.forRegion('440800').clearing.advance.defaultQuotaFen).toBe(500_000_000);
    expect(policies.forRegion('440800').clearing.monitoring.localDeductionRatePercent).toBe(2);
    expect(policies.forRegion('220100').clearing.monitoring.localDeductionRatePercent).toBe(2.5);
    expect(parseClearingPolicy(null)).toEqual(DEFAULT_CLEARING_POLICY);
    expect(() =>
      parseClearingPolicy({ ...DEFAULT_CLEARING_POLICY, clearing: { ...DEFAULT_CLEARING_POLICY.clearing, dueDay: 3 } }, 'x.json'),
    ).toThrow(/x.json: clearing.dueDay/);
  });
});

describe('reconciliation (P-2 a)', () => {
  const ours = [
    line('S1', 10_000),
    line('S2', 20_000),
    line('S3', 30_000),
    line('REV-S0', -5_000, { kind: 'REVERSAL', settlementId: 'S0' }),
  ];
  const theirs = [
    line('S1', 10_000),
    line('S2', 20_500),
    line('T9', 7_000),
    line('REV-S0', -5_000, { kind: 'REVERSAL', settlementId: 'S0' }),
  ];
  const c = compareLines(ours, theirs);

  it('P-2: matched, only ours, only theirs and amounts differ, each difference an exception', () => {
    expect(c.summary).toMatchObject({ matched: 2, onlyOurs: 1, onlyTheirs: 1, amountDiffers: 1, ourCount: 4, theirCount: 4 });
    expect(c.exceptions.map((e) => [e.id, e.kind, e.oursFen, e.theirsFen])).toEqual([
      ['X-S2', 'AMOUNT_DIFFERS', 20_000, 20_500],
      ['X-S3', 'ONLY_OURS', 30_000, undefined],
      ['X-T9', 'ONLY_THEIRS', undefined, 7_000],
    ]);
  });

  it('P-2: each resolution decides what the line adds: ours, theirs, or nothing now (DEFER)', () => {
    const [differs, onlyOurs, onlyTheirs] = c.exceptions;
    const decide = (e: (typeof c.exceptions)[number], decision: 'ACCEPT_OURS' | 'ACCEPT_THEIRS' | 'DEFER') =>
      lineOfResolved({ ...e, resolution: { decision, note: '', decidedOn: '2026-04-06', by: 'clerk' } })?.fundFen ?? null;
    expect([decide(differs, 'ACCEPT_OURS'), decide(differs, 'ACCEPT_THEIRS'), decide(differs, 'DEFER')]).toEqual([20_000, 20_500, null]);
    expect([decide(onlyOurs, 'ACCEPT_OURS'), decide(onlyOurs, 'ACCEPT_THEIRS'), decide(onlyOurs, 'DEFER')]).toEqual([30_000, null, null]);
    expect([decide(onlyTheirs, 'ACCEPT_OURS'), decide(onlyTheirs, 'ACCEPT_THEIRS'), decide(onlyTheirs, 'DEFER')]).toEqual([
      null,
      7_000,
      null,
    ]);
  });

  it('P-2, P-6: a deferred difference is carried into a later period, open again, named by where it came from', () => {
    const deferred = {
      ...c.exceptions[1],
      resolution: { decision: 'DEFER' as const, note: 'next month', decidedOn: '2026-04-06', by: 'clerk' },
    };
    const carried = carriedException(deferred, order.clearingId);
    expect(carried).toMatchObject({ id: `X-S3@${order.clearingId}`, kind: 'ONLY_OURS', carriedFrom: order.clearingId, oursFen: 30_000 });
    expect(carried.resolution).toBeUndefined();
  });
});

describe('statement (P-2 b), worked by hand', () => {
  it('P-2, P-6, RC-3: count and fund by scheme and visit type, adjustments, recoveries offset, net due', () => {
    // EMPLOYEE INPATIENT 462,000 + 100,000; RESIDENT OUTPATIENT 5,000 (a late record of February);
    // a reversal of a February settlement of 30,000 (EMPLOYEE INPATIENT) after February's lock.
    const lines = [
      { lineId: 'A', kind: 'SETTLEMENT' as const, fundFen: 462_000, scheme: 'EMPLOYEE', visitType: 'INPATIENT', adjustment: false },
      { lineId: 'B', kind: 'SETTLEMENT' as const, fundFen: 100_000, scheme: 'EMPLOYEE', visitType: 'INPATIENT', adjustment: false },
      { lineId: 'C', kind: 'SETTLEMENT' as const, fundFen: 5_000, scheme: 'RESIDENT', visitType: 'OUTPATIENT', adjustment: true },
      { lineId: 'REV-D', kind: 'REVERSAL' as const, fundFen: -30_000, scheme: 'EMPLOYEE', visitType: 'INPATIENT', adjustment: true },
    ];
    // Fund 537,000; recoveries of 88,000 and 500,000: only the first fits (net due stays >= 0).
    const offsets = chooseOffsets(537_000, [
      { recoveryId: 'REC-AUD-2', amountFen: 500_000 },
      { recoveryId: 'REC-AUD-1', amountFen: 88_000 },
    ]);
    expect(offsets).toEqual([{ recoveryId: 'REC-AUD-1', amountFen: 88_000 }]);
    const s = makeStatement(lines, offsets, '2026-04-06');
    expect(s).toMatchObject({
      count: 3,
      fundFen: 537_000, // 462,000 + 100,000 + 5,000 - 30,000
      byScheme: [
        { scheme: 'EMPLOYEE', count: 2, fundFen: 532_000 },
        { scheme: 'RESIDENT', count: 1, fundFen: 5_000 },
      ],
      byVisitType: [
        { visitType: 'INPATIENT', count: 2, fundFen: 532_000 },
        { visitType: 'OUTPATIENT', count: 1, fundFen: 5_000 },
      ],
      adjustments: { count: 2, fundFen: -25_000 },
      recoveryOffsetFen: 88_000,
      netDueFen: 449_000, // 537,000 - 88,000
      lineCount: 4,
    });
  });
});

/** Applies a transition, checking what it says happened. */
const take = (t: ClearingTransition): ClearingState => t.state;

describe('the period from lock to payment (P-2, P-3, P-4)', () => {
  it('P-2: no statement before 100% reconciliation; the rates reach 100% one by one', () => {
    let s = openClearing(order, '2026-04-05');
    s = take(locked(s, { lockedAt: 'x', count: 2, fundFen: 30_000, adjustments: { count: 0, fundFen: 0 } }));
    const c = compareLines([line('S1', 10_000), line('S2', 20_000)], [line('S1', 10_000)]);
    s = take(reconciled(s, reconciliationSummary(c, 0, '2026-04-05'), c.exceptions));
    expect(ratesOf(s)).toEqual({ reconciliationPercent: 50, settlementPercent: 0, applicationPercent: 0 });
    expect(() => statementMade(s, makeStatement([], [], '2026-04-05'), '2026-04-05')).toThrow(/100% reconciliation/);
    expect(code(() => checkPayment(s, { amountFen: 0, paidOn: '2026-04-05' }, '2026-04-05'))).toBe('CLEARING_NOT_APPLIED');
    s = take(
      exceptionResolved(s, { exceptionId: 'X-S2', decision: 'ACCEPT_OURS', note: 'hospital bill checked', by: 'clerk' }, '2026-04-06'),
    );
    expect(code(() => exceptionResolved(s, { exceptionId: 'X-S2', decision: 'DEFER', note: '', by: 'clerk' }, '2026-04-06'))).toBe(
      'CLEARING_EXCEPTION_ALREADY_RESOLVED',
    );
    expect(fullyReconciled(s)).toBe(true);
    expect(ratesOf(s).reconciliationPercent).toBe(100);
    s = take(
      statementMade(
        s,
        makeStatement(
          [line('S1', 10_000), line('S2', 20_000)].map((l) => ({ ...l, adjustment: false })),
          [],
          '2026-04-06',
        ),
        '2026-04-06',
      ),
    );
    expect(ratesOf(s)).toEqual({ reconciliationPercent: 100, settlementPercent: 100, applicationPercent: 0 });
    const t = applied(s, 'app-1', '2026-04-06');
    expect(t.state.status).toBe('APPLIED');
    expect(ratesOf(t.state)).toEqual({ reconciliationPercent: 100, settlementPercent: 100, applicationPercent: 100 });
    expect(
      t.effects.map((e) => e.type === 'BOOK' && [e.movement.step, e.movement.debitAccount, e.movement.creditAccount, e.movement.amountFen]),
    ).toEqual([['STATEMENT', 'CLEARING-COST-440800-110000', 'PAYABLE-440800-110000', 30_000]]);
  });

  it('P-3: reminders 3 and 1 days before, then overdue with an escalation, again every 7 days; a late payment needs a delay report', () => {
    let s = openClearing(order, '2026-04-05');
    s = take(locked(s, { lockedAt: 'x', count: 1, fundFen: 10_000, adjustments: { count: 0, fundFen: 0 } }));
    const c = compareLines([line('S1', 10_000)], [line('S1', 10_000)]);
    s = take(reconciled(s, reconciliationSummary(c, 0, '2026-04-05'), c.exceptions));
    s = take(statementMade(s, makeStatement([{ ...line('S1', 10_000), adjustment: false }], [], '2026-04-05'), '2026-04-05'));
    s = take(applied(s, 'app-1', '2026-04-05'));
    const kinds: string[] = [];
    const effects: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const d = nextClearingDeadline(s)!;
      kinds.push(`${d.kind} ${d.date}`);
      const t = onDeadline(s, d, terms);
      effects.push(...t.effects.map((e) => (e.type === 'BOOK' ? 'BOOK' : `${e.type} ${e.type === 'ESCALATE' ? e.to : e.to}`)));
      s = t.state;
    }
    expect(kinds).toEqual(['REMINDER 2026-04-17', 'REMINDER 2026-04-19', 'DUE 2026-04-20', 'ESCALATION 2026-04-28']);
    expect(effects).toEqual(['REMIND 440800', 'REMIND 440800', 'ESCALATE 440000', 'ESCALATE 440000']);
    expect(s.status).toBe('OVERDUE');
    expect(code(() => checkPayment(s, { amountFen: 10_000, paidOn: '2026-04-28' }, '2026-04-28'))).toBe('CLEARING_DELAY_REPORT_REQUIRED');
    s = take(
      delayReported(s, { reason: '财政资金未到账 treasury transfer pending', expectedDate: '2026-04-30', by: 'clerk' }, '2026-04-28'),
    );
    expect(code(() => checkPayment(s, { amountFen: 9_999, paidOn: '2026-04-28' }, '2026-04-28'))).toBe('CLEARING_PAYMENT_AMOUNT_MISMATCH');
    const paid = paymentRecorded(
      s,
      { amountFen: 10_000, paidOn: '2026-04-29', bankFeeFen: 1_500, interestFen: 320, by: 'clerk' },
      '2026-04-29',
    );
    expect(paid.state).toMatchObject({ status: 'PAID', closedOn: '2026-04-29', payment: { late: true } });
    expect(nextClearingDeadline(paid.state)).toBeNull();
    // P-4: the fee is the agency's administrative expense, never the fund; interest is the treatment region's.
    const moves = paid.effects.map((e) => (e.type === 'BOOK' ? e.movement : null)).filter((m) => m !== null);
    expect(moves.map((m) => [m.step, m.debitAccount, m.creditAccount, m.amountFen])).toEqual([
      ['PAYMENT', 'PAYABLE-440800-110000', 'FUND-440800', 10_000],
      ['BANK_FEE', 'ADMIN-EXPENSE-440800', 'AGENCY-BANK-440800', 1_500],
      ['INTEREST', 'ADVANCE-HOLDING-110000', 'INTEREST-INCOME-110000', 320],
    ]);
    const fee = moves.find((m) => m.step === 'BANK_FEE')!;
    expect([fee.debitAccount, fee.creditAccount].some(isFundAccount)).toBe(false);
    expect(clearingLedgerBalance(moves.flatMap((m) => movementLegs(m)))).toMatchObject({ balanced: true, brokenMovements: [] });
    expect(code(() => checkPayment(paid.state, { amountFen: 10_000, paidOn: '2026-04-29' }, '2026-04-29'))).toBe('CLEARING_ALREADY_PAID');
  });

  it('P-2: a period with nothing to clear closes with its statement', () => {
    let s = openClearing(order, '2026-04-05');
    s = take(locked(s, { lockedAt: 'x', count: 0, fundFen: 0, adjustments: { count: 0, fundFen: 0 } }));
    const c = compareLines([], []);
    s = take(reconciled(s, reconciliationSummary(c, 0, '2026-04-05'), c.exceptions));
    s = take(statementMade(s, makeStatement([], [], '2026-04-05'), '2026-04-05'));
    const t = applied(s, 'app-0', '2026-04-05');
    expect(t.state).toMatchObject({ status: 'PAID', closedOn: '2026-04-05' });
    expect(t.effects).toEqual([]);
  });

  it('RC-4, P-1: a leg missing or two legs that disagree break the books', () => {
    const legs = movementLegs({
      movementId: 'm1',
      caseId: 'c',
      insuredRegion: '440800',
      treatmentRegion: '110000',
      step: 'PAYMENT',
      debitAccount: 'A',
      creditAccount: 'B',
      amountFen: 5,
      bookedOn: '2026-04-01',
      memo: '',
    });
    expect(clearingLedgerBalance([legs[0]])).toMatchObject({ balanced: false, brokenMovements: ['m1'] });
    expect(clearingLedgerBalance(legs)).toMatchObject({ balanced: true, debitFen: 5, creditFen: 5 });
  });
});
