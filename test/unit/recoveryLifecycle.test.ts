// The recovery's life as pure transitions (RC-1..RC-4): what each outcome changes, which event it
// leaves on the timeline and which effects the workflow must carry out.
import { DomainError } from '../../domain/errors/types';
import {
  closeRecovery,
  debtorNoticeRefused,
  debtorNotified,
  effectOutcome,
  financeCheckAnswered,
  financeCheckFailed,
  ledgerBalance,
  movementEntries,
  nextCollectionWake,
  nextRecoveryDeadline,
  offsetInClearing,
  onDeadline,
  openRecovery,
  paymentChecked,
  paymentReported,
  reconciliationFound,
  reconciliationProblems,
  reconciliationRequestOf,
  scheduleOrder,
  transferMovement,
  transferOrderOf,
  transferred,
  type RecoveryOrder,
  type RecoveryState,
  type RecoveryTransition,
} from '../../domain/recovery';
import { deadlineInstantMs, shanghaiMidnightEpochMs } from '../../domain/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const order: RecoveryOrder = {
  recoveryId: 'REC-AUD-A1',
  source: { type: 'AUDIT', id: 'A1' },
  amountFen: 88_000,
  debtor: 'H110000002',
  debtorRegion: '110000',
  insuredRegion: '220100',
  treatmentRegion: '110000',
  scheme: 'RESIDENT',
  reason: '审核扣款：超量开药',
  fines: [],
};

/** Ordered on 2026-03-02 with the 30-day policy deadline: due 2026-04-01, reminders 03-25 and 03-31. */
function ordered(): RecoveryState {
  return scheduleOrder(openRecovery(order, '2026-03-02'), 30, order).state;
}
function awaiting(): RecoveryState {
  return debtorNotified(ordered(), 'R-1', order).state;
}
const noProblems = { matched: true, financeAmountFen: 88_000, ledgerBalanced: true, repairedEntries: [], problems: [] };
const mismatch = (...problems: string[]) => ({ matched: false, financeAmountFen: 0, ledgerBalanced: true, repairedEntries: [], problems });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('RC-2, RC-3 order and notice', () => {
  it('RC-3: the order schedules the debtor deadline and the reminders a week and a day before it', () => {
    const t = scheduleOrder(openRecovery(order, '2026-03-02'), 30, order);
    expect(t.state).toMatchObject({ status: 'ORDERED', dueDate: '2026-04-01', reminderDates: ['2026-03-25', '2026-03-31'] });
    expect(t.event).toEqual({
      type: 'ORDERED',
      rule: 'RC-2, RC-3',
      data: {
        amountFen: 88_000,
        source: { type: 'AUDIT', id: 'A1' },
        debtor: 'H110000002',
        targetAccount: 'FUND-220100-RESIDENT',
        dueDate: '2026-04-01',
        finesRetainedFen: 0,
      },
    });
    expect(t.effects).toEqual([]);
  });

  it('RC-1: an order with fines says they are retained by the treatment region', () => {
    const withFines = { ...order, fines: [{ kind: 'ADMINISTRATIVE_FINE' as const, amountFen: 20_000 }] };
    const t = scheduleOrder(openRecovery(withFines, '2026-03-02'), 30, withFines);
    expect(t.event).toMatchObject({
      rule: expect.stringContaining('retained by the treatment region (RC-1)'),
      data: { finesRetainedFen: 20_000 },
    });
  });

  it('RC-3: a notified debtor is awaited; nothing is escalated', () => {
    const t = debtorNotified(ordered(), 'R-9', order);
    expect(t.state).toMatchObject({ status: 'AWAITING_PAYMENT', escalations: 0 });
    expect(t.event).toEqual({ type: 'DEBTOR_NOTIFIED', rule: 'RC-3', data: { region: '110000', receiptId: 'R-9', dueDate: '2026-04-01' } });
    expect(t.effects).toEqual([]);
  });

  it("RC-3: a notice the debtor's agency refuses goes to the provincial agency at once, and the deadlines still run", () => {
    const t = debtorNoticeRefused(ordered(), 'debtor unknown', order);
    expect(t.state).toMatchObject({ status: 'AWAITING_PAYMENT', escalations: 1 });
    expect(t.event).toEqual({ type: 'DEBTOR_NOTICE_REJECTED', rule: 'RC-3', data: { region: '110000', error: 'debtor unknown' } });
    expect(t.effects).toEqual([
      { type: 'ESCALATE', escalation: 1, to: '220000', reason: "recovery REC-AUD-A1: the debtor's agency refused the notice" },
    ]);
    expect(nextRecoveryDeadline(t.state)).toMatchObject({ kind: 'REMINDER', date: '2026-03-25' });
  });
});

describe('RC-3 debtor deadline and reminders (T-4 timers)', () => {
  it.each([
    ['RC-3: first the reminder a week before, at the start of its day', 0, { kind: 'REMINDER', date: '2026-03-25' }],
    ['RC-3: then the reminder a day before', 1, { kind: 'REMINDER', date: '2026-03-31' }],
    ['RC-3, T-1: then the deadline, which ends with its day', 2, { kind: 'DEBTOR_DEADLINE', date: '2026-04-01' }],
  ])('%s', (_title, remindersSent, expected) => {
    const deadline = nextRecoveryDeadline({ ...awaiting(), remindersSent });
    expect(deadline).toMatchObject(expected);
    const atMs = expected.kind === 'REMINDER' ? shanghaiMidnightEpochMs(expected.date) : deadlineInstantMs(expected.date);
    expect(deadline!.atMs).toBe(atMs);
  });

  it.each(['ESCALATED', 'COLLECTED', 'TRANSFERRED', 'CLOSED'] as const)('RC-3: a %s recovery has no debtor deadline left', (status) => {
    expect(nextRecoveryDeadline({ ...awaiting(), status })).toBeNull();
  });

  it.each([
    ['finance is checked first when the check comes before the reminder', shanghaiMidnightEpochMs('2026-03-20'), null],
    ['the reminder comes first when it is nearer than the next check', shanghaiMidnightEpochMs('2026-03-24') + 12 * HOUR, 'REMINDER'],
    ['on a tie the check goes first', shanghaiMidnightEpochMs('2026-03-24'), null],
  ])('RC-3: %s', (_title, nowMs, kind) => {
    const wake = nextCollectionWake(awaiting(), nowMs, DAY);
    expect(wake.deadline?.kind ?? null).toBe(kind);
    expect(wake.atMs).toBe(kind ? shanghaiMidnightEpochMs('2026-03-25') : nowMs + DAY);
  });

  it('RC-3: an escalated recovery is only checked with finance, never escalated by a timer again', () => {
    const state = { ...awaiting(), status: 'ESCALATED' as const, overdue: true };
    expect(nextCollectionWake(state, 0, DAY)).toEqual({ atMs: DAY, deadline: null });
  });

  it('RC-3: a reminder day sends the next numbered reminder; the event comes from its outcome', () => {
    const t = onDeadline({ ...awaiting(), remindersSent: 1 }, nextRecoveryDeadline({ ...awaiting(), remindersSent: 1 })!, order);
    expect(t.state.remindersSent).toBe(2);
    expect(t.event).toBeNull();
    expect(t.effects).toEqual([{ type: 'REMIND', reminder: 2, dueDate: '2026-04-01', reason: '催缴提醒 reminder 2: 审核扣款：超量开药' }]);
  });

  it('RC-3: the debtor deadline passing unpaid makes the recovery overdue and escalates once', () => {
    const state = { ...awaiting(), remindersSent: 1 };
    const t = onDeadline(state, { kind: 'DEBTOR_DEADLINE', date: '2026-04-01', atMs: deadlineInstantMs('2026-04-01') }, order);
    expect(t.state).toMatchObject({ status: 'ESCALATED', overdue: true, escalations: 1, remindersSent: 2 });
    expect(t.event).toEqual({ type: 'OVERDUE', rule: 'RC-3', data: { dueDate: '2026-04-01' } });
    expect(t.effects).toEqual([
      {
        type: 'ESCALATE',
        escalation: 1,
        to: '220000',
        reason: 'recovery REC-AUD-A1: 88000 fen unpaid after the debtor deadline 2026-04-01',
      },
    ]);
    expect(nextRecoveryDeadline(t.state)).toBeNull();
  });

  it('RC-3: an escalation after a refused notice is numbered after it (its own idempotency key)', () => {
    const refused = debtorNoticeRefused(ordered(), 'no', order).state;
    const t = onDeadline({ ...refused, remindersSent: 2 }, nextRecoveryDeadline({ ...refused, remindersSent: 2 })!, order);
    expect(t.effects).toEqual([expect.objectContaining({ type: 'ESCALATE', escalation: 2 })]);
  });
});

describe('RC-3 collect', () => {
  it('RC-3: a clerk reports a payment: counted and recorded with the clerk note', () => {
    const t = paymentReported(awaiting(), '银行回单已到');
    expect(t.state.paymentReports).toBe(1);
    expect(t.event).toEqual({ type: 'PAYMENT_REPORTED', rule: 'RC-3', note: '银行回单已到' });
    expect(paymentReported(t.state).event).toEqual({ type: 'PAYMENT_REPORTED', rule: 'RC-3' });
  });

  it.each(['COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'] as const)('RC-3: a payment report is refused once %s', (status) => {
    expect(codeOf(() => paymentReported({ ...awaiting(), status }))).toBe('RECOVERY_NOT_AWAITING_PAYMENT');
  });

  it.each([
    ['nothing paid', { confirmed: false, amountFen: 0 }],
    ['paid in part', { confirmed: true, amountFen: 50_000 }],
    ['seen but not confirmed', { confirmed: false, amountFen: 88_000 }],
  ])('RC-3: finance with %s changes nothing and records nothing', (_title, collection) => {
    const state = awaiting();
    expect(paymentChecked(state, collection, '2026-03-10', order)).toEqual({ state, event: null, effects: [] });
  });

  it('RC-3, RC-4: a confirmed payment is collected and booked; only the ordered fund money, never the fines (RC-1)', () => {
    const t = paymentChecked(awaiting(), { confirmed: true, amountFen: 113_000 }, '2026-03-10', order);
    expect(t.state).toMatchObject({ status: 'COLLECTED', collectedFen: 88_000, collectedOn: '2026-03-10' });
    expect(t.event).toEqual({ type: 'COLLECTED', rule: 'RC-3, RC-4', data: { amountFen: 88_000, account: 'COLLECTION-110000' } });
    expect(t.effects).toEqual([
      {
        type: 'BOOK',
        movement: expect.objectContaining({
          step: 'COLLECT',
          debitAccount: 'COLLECTION-110000',
          creditAccount: 'RECEIVABLE-H110000002',
          amountFen: 88_000,
          bookedOn: '2026-03-10',
        }),
      },
    ]);
  });

  it('RC-3: a payment after the escalation is collected all the same', () => {
    const escalated = onDeadline(awaiting(), { kind: 'DEBTOR_DEADLINE', date: '2026-04-01', atMs: 0 }, order).state;
    expect(paymentChecked(escalated, { confirmed: true, amountFen: 88_000 }, '2026-04-09', order).state.status).toBe('COLLECTED');
  });
});

describe('RC-3 finance checks that fail', () => {
  it('RC-3: an outage is recorded when it starts, not at every failed check, and once more when finance answers again', () => {
    const steps: Array<[string, (s: RecoveryState) => RecoveryTransition]> = [
      ['fail', (s) => financeCheckFailed(s, 'statement service down')],
      ['fail', (s) => financeCheckFailed(s, 'statement service down')],
      ['fail', (s) => financeCheckFailed(s, 'timeout')],
      ['answer', (s) => financeCheckAnswered(s)],
      ['answer', (s) => financeCheckAnswered(s)],
      ['fail', (s) => financeCheckFailed(s, 'down again')],
    ];
    let state = awaiting();
    const events = steps.map(([, run]) => {
      const t = run(state);
      state = t.state;
      expect(t.effects).toEqual([]);
      return t.event;
    });
    expect(events).toEqual([
      { type: 'FINANCE_CHECK_FAILED', rule: 'RC-3', data: { error: 'statement service down' } },
      null,
      null,
      { type: 'FINANCE_CHECK_RESUMED', rule: 'RC-3', data: { failedChecks: 3 } },
      null,
      { type: 'FINANCE_CHECK_FAILED', rule: 'RC-3', data: { error: 'down again' } },
    ]);
    expect(state.failedFinanceChecks).toBe(1);
  });
});

describe('RC-1, RC-4 transfer and reconcile', () => {
  const collected = () => paymentChecked(awaiting(), { confirmed: true, amountFen: 88_000 }, '2026-03-10', order).state;
  const transferredState = () => transferred(collected(), '2026-03-10T09:00:00.000Z', order).state;

  it('RC-1: the one transfer goes from the collection account to the fund account that paid', () => {
    expect(transferOrderOf(order)).toEqual({
      transferId: 'TRF-REC-AUD-A1',
      fromAccount: 'COLLECTION-110000',
      toAccount: 'FUND-220100-RESIDENT',
      amountFen: 88_000,
      purpose: 'RC-1 recovery REC-AUD-A1: 审核扣款：超量开药',
      origin: { type: 'AUDIT', id: 'A1' },
    });
    const t = transferred(collected(), '2026-03-10T09:00:00.000Z', order);
    expect(t.state.status).toBe('TRANSFERRED');
    expect(t.event).toEqual({
      type: 'TRANSFERRED',
      rule: 'RC-1, RC-4',
      data: {
        transferId: 'TRF-REC-AUD-A1',
        fromAccount: 'COLLECTION-110000',
        toAccount: 'FUND-220100-RESIDENT',
        amountFen: 88_000,
        completedAt: '2026-03-10T09:00:00.000Z',
      },
    });
  });

  it('RC-4: the collect and transfer movements balance the ledger and leave the money on the fund that paid', () => {
    const request = reconciliationRequestOf(order, '2026-03-10');
    expect(request.movements[1]).toEqual(transferMovement(order, '2026-03-10'));
    const ledger = ledgerBalance(request.movements.flatMap((m) => movementEntries(m)));
    const finance = { fromAccount: 'COLLECTION-110000', toAccount: 'FUND-220100-RESIDENT', amountFen: 88_000 };
    expect(reconciliationProblems({ transferId: request.transferId, ...request.expected }, finance, ledger)).toEqual([]);
  });

  it('RC-3: a reconciliation that matches ends the money steps', () => {
    const t = reconciliationFound(transferredState(), noProblems, '2026-03-10', order);
    expect(t.state).toMatchObject({
      status: 'RECONCILED',
      reconciliationAttempts: 1,
      reconciliation: { matched: true, reconciledOn: '2026-03-10' },
    });
    expect(t.event).toEqual({ type: 'RECONCILED', rule: 'RC-3, RC-4', data: { financeAmountFen: 88_000, repairedEntries: [] } });
  });

  it('RC-4, P-2: a mismatch retried until it matches: one exception per finding, one escalation', () => {
    const findings = [
      mismatch('finance has no transfer TRF-REC-AUD-A1'),
      mismatch('finance has no transfer TRF-REC-AUD-A1'),
      mismatch('finance has no transfer TRF-REC-AUD-A1'),
      mismatch('finance amount 80000 != 88000'),
      noProblems,
    ];
    let state = transferredState();
    const outcomes = findings.map((report, i) => {
      const t = reconciliationFound(state, report, `2026-03-1${i}`, order);
      state = t.state;
      return [t.event?.type ?? null, t.effects.map((e) => e.type)];
    });
    expect(outcomes).toEqual([
      ['RECONCILIATION_EXCEPTION', ['ESCALATE']],
      [null, []],
      [null, []],
      ['RECONCILIATION_EXCEPTION', []],
      ['RECONCILED', []],
    ]);
    expect(state).toMatchObject({ status: 'RECONCILED', reconciliationAttempts: 5, escalations: 1 });
  });

  it('RC-4: the same problems found again keep the first finding and its day', () => {
    const first = reconciliationFound(transferredState(), mismatch('x'), '2026-03-10', order).state;
    const again = reconciliationFound(first, mismatch('x'), '2026-03-11', order);
    expect(again.state.reconciliation).toEqual(first.reconciliation);
    expect(again.state.reconciliationAttempts).toBe(2);
  });

  it('X-2: runs begun before recording-on-change record every mismatch (their history has them), still escalating once', () => {
    const options = { everyAttempt: true };
    const first = reconciliationFound(transferredState(), mismatch('x'), '2026-03-10', order, options);
    const again = reconciliationFound(first.state, mismatch('x'), '2026-03-10', order, options);
    expect(again.event).toEqual({ type: 'RECONCILIATION_EXCEPTION', rule: 'RC-4, P-2', data: { attempt: 2, problems: ['x'] } });
    expect(again.effects).toEqual([]);
    expect(first.effects).toEqual([
      expect.objectContaining({ type: 'ESCALATE', reason: 'recovery REC-AUD-A1: reconciliation mismatch: x' }),
    ]);
  });

  it('RC-3: closing keeps the day and says where the money went', () => {
    const t = closeRecovery({ ...transferredState(), status: 'RECONCILED' }, '2026-03-11', order);
    expect(t.state).toMatchObject({ status: 'CLOSED', closedOn: '2026-03-11' });
    expect(t.event).toEqual({ type: 'CLOSED', rule: 'RC-3', data: { amountFen: 88_000, targetAccount: 'FUND-220100-RESIDENT' } });
  });
});

describe('effect outcomes on the timeline', () => {
  const remind = { type: 'REMIND' as const, reminder: 1, dueDate: '2026-04-01', reason: 'r' };
  const escalate = { type: 'ESCALATE' as const, escalation: 1, to: '220000', reason: 'overdue' };
  it.each([
    ['RC-3: a reminder sent', remind, undefined, { type: 'DEBTOR_REMINDED', rule: 'RC-3', data: { reminder: 1, dueDate: '2026-04-01' } }],
    [
      'RC-3: a reminder refused',
      remind,
      'inbox full',
      { type: 'DEBTOR_REMINDER_FAILED', rule: 'RC-3', data: { reminder: 1, error: 'inbox full' } },
    ],
    ['RC-3: an escalation sent', escalate, undefined, { type: 'ESCALATED', rule: 'RC-3', data: { to: '220000', reason: 'overdue' } }],
    [
      'RC-3: an escalation refused',
      escalate,
      'closed',
      { type: 'ESCALATION_FAILED', rule: 'RC-3', data: { to: '220000', error: 'closed' } },
    ],
  ])('%s', (_title, effect, error, event) => {
    expect(effectOutcome(effect, error)).toEqual(event);
  });
});

describe('RC-3, P-2 offset in a clearing', () => {
  const offset = { clearingId: 'CLR-220100-110000-2026-03', amountFen: 88_000 };

  it('RC-3, P-2: while collection is watched, an offset settles the debt: the fund that paid keeps the money', () => {
    const t = offsetInClearing(awaiting(), offset, '2026-04-05', order);
    expect(t.state).toMatchObject({
      status: 'OFFSET',
      offset: { ...offset, offsetOn: '2026-04-05' },
      collectedFen: 88_000,
      collectedOn: '2026-04-05',
    });
    expect(t.event).toEqual({
      type: 'OFFSET_IN_CLEARING',
      rule: 'RC-3, P-2',
      data: { clearingId: offset.clearingId, amountFen: 88_000, account: 'FUND-220100-RESIDENT' },
    });
    const book = t.effects[0] as { type: 'BOOK'; movement: Parameters<typeof movementEntries>[0] };
    expect(book.movement).toMatchObject({ step: 'OFFSET', debitAccount: 'FUND-220100-RESIDENT', amountFen: 88_000 });
    expect(ledgerBalance(movementEntries(book.movement)).balanced).toBe(true);
    expect(nextRecoveryDeadline(t.state)).toBeNull();
  });

  it('RC-3: an offset after the collection changes nothing (the collection claimed the debt first)', () => {
    const collected = paymentChecked(awaiting(), { confirmed: true, amountFen: 88_000 }, '2026-03-20', order).state;
    expect(offsetInClearing(collected, offset, '2026-04-05', order)).toEqual({ state: collected, event: null, effects: [] });
  });
});
