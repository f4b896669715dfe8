// The life of one clearing period as pure transitions (P-2..P-6): lock -> reconcile -> (exceptions
// resolved by a clerk) -> statement -> application -> payment due with reminders before and
// escalation after, a delay report when late -> paid and closed. The workflow owns timers and
// calls; these functions say what a step changes, which event it leaves on the timeline and
// which effects the workflow must carry out.
//
// Choices the rulebook leaves open, made here once:
//  - P-3 "escalation after it, until paid": the provincial agency above the insured region hears
//    of it the day after the due day, then every `escalationRepeatDays` days until it is paid.
//  - P-3 "needs a delay report": a payment recorded after the due day is refused until a delay
//    report (reason, expected date) has been filed; a report may be filed before the due day too.
//  - P-2 (d) paid in full: the payment must equal the statement's net due.
//  - A period with nothing to clear (no lines, net due 0) closes as PAID right after its statement.
//  - The rates: reconciliation = (matched + resolved) / (matched + exceptions); settlement = share
//    of the reconciled lines in the statement (100% once it is made from all of them); application
//    = share of the statement's lines applied for (100% once applied). The period closes only at 100%.
import { DomainError } from '../errors/types';
import { provincialAgencyOf } from '../inquiry/deadlines';
import { addDays, deadlineInstantMs, shanghaiMidnightEpochMs, type IsoDate } from '../time';
import { clearingDueDate, reminderDates } from './periods';
import type {
  ClearingCaseTerms,
  ClearingException,
  ClearingRates,
  ClearingState,
  LockSummary,
  ReconciliationSummary,
  ResolutionDecision,
  Statement,
} from './types';
import { bankFeeMovement, interestMovement, offsetMovement, paymentMovement, statementMovement, type ClearingMovement } from './ledger';

export interface ClearingEvent {
  type: string;
  rule: string;
  data?: Record<string, unknown>;
  note?: string;
}

export type ClearingEffect =
  | { type: 'REMIND'; reminder: number; to: string; dueDate: IsoDate; netDueFen: number | null }
  | { type: 'ESCALATE'; escalation: number; to: string; reason: string }
  | { type: 'BOOK'; movement: ClearingMovement };

export interface ClearingTransition {
  state: ClearingState;
  event: ClearingEvent | null;
  effects: ClearingEffect[];
}

export type ClearingDeadlineKind = 'REMINDER' | 'DUE' | 'ESCALATION';

export interface ClearingDeadline {
  kind: ClearingDeadlineKind;
  date: IsoDate;
  atMs: number;
}

export interface ClearingOrder {
  clearingId: string;
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  terms: ClearingCaseTerms;
}

const OPEN_FOR_PAYMENT: readonly string[] = ['APPLIED', 'OVERDUE'];

export function openClearing(order: ClearingOrder, today: IsoDate): ClearingState {
  const dueDate = clearingDueDate(order.period, order.terms.dueDay);
  return {
    id: order.clearingId,
    period: order.period,
    insuredRegion: order.insuredRegion,
    treatmentRegion: order.treatmentRegion,
    status: 'RECONCILING',
    openedOn: today,
    lock: null,
    reconciliation: null,
    exceptions: [],
    statement: null,
    application: null,
    applicationFailures: 0,
    dueDate,
    reminderDates: reminderDates(dueDate, order.terms.reminderDaysBefore, today),
    remindersSent: 0,
    overdue: false,
    escalations: 0,
    nextEscalationDate: null,
    delayReport: null,
    payment: null,
    closedOn: null,
  };
}

export function opened(state: ClearingState): ClearingTransition {
  return {
    state,
    event: { type: 'OPENED', rule: 'P-2', data: { period: state.period, dueDate: state.dueDate, reminderDates: [...state.reminderDates] } },
    effects: [],
  };
}

/** P-6: from now on this period never changes; later records and reversals go to the next open period. */
export function locked(state: ClearingState, lock: LockSummary): ClearingTransition {
  return {
    state: { ...state, lock: { ...lock, adjustments: { ...lock.adjustments } } },
    event: { type: 'LOCKED', rule: 'P-6', data: { count: lock.count, fundFen: lock.fundFen, adjustments: { ...lock.adjustments } } },
    effects: [],
  };
}

const unresolved = (exceptions: readonly ClearingException[]) => exceptions.filter((e) => !e.resolution).length;

/** P-2 (a): matched lines need nothing; every difference is an exception for a clerk. */
export function reconciled(state: ClearingState, summary: ReconciliationSummary, exceptions: ClearingException[]): ClearingTransition {
  const next: ClearingState = {
    ...state,
    status: exceptions.length ? 'EXCEPTIONS' : state.status,
    reconciliation: { ...summary },
    exceptions: exceptions.map((e) => ({ ...e })),
  };
  return {
    state: next,
    event: {
      type: exceptions.length ? 'RECONCILIATION_EXCEPTIONS' : 'RECONCILED',
      rule: 'P-2',
      data: {
        matched: summary.matched,
        onlyOurs: summary.onlyOurs,
        onlyTheirs: summary.onlyTheirs,
        amountDiffers: summary.amountDiffers,
        carriedIn: summary.carriedIn,
      },
    },
    effects: [],
  };
}

/** Update validator: the exception exists, is open, and the period is resolving exceptions. */
export function checkResolution(state: ClearingState, exceptionId: string): ClearingException {
  if (state.status !== 'EXCEPTIONS') throw new DomainError('CLEARING_NOT_RECONCILING', { clearingId: state.id, status: state.status });
  const e = state.exceptions.find((x) => x.id === exceptionId);
  if (!e) throw new DomainError('CLEARING_EXCEPTION_NOT_FOUND', { clearingId: state.id, exceptionId });
  if (e.resolution)
    throw new DomainError('CLEARING_EXCEPTION_ALREADY_RESOLVED', { clearingId: state.id, exceptionId, resolution: e.resolution });
  return e;
}

export function exceptionResolved(
  state: ClearingState,
  r: { exceptionId: string; decision: ResolutionDecision; note: string; by: string },
  today: IsoDate,
): ClearingTransition {
  checkResolution(state, r.exceptionId);
  const resolution = { decision: r.decision, note: r.note, decidedOn: today, by: r.by };
  const exceptions = state.exceptions.map((e) => (e.id === r.exceptionId ? { ...e, resolution } : e));
  return {
    state: { ...state, exceptions },
    event: {
      type: 'EXCEPTION_RESOLVED',
      rule: r.decision === 'DEFER' ? 'P-2, P-6' : 'P-2',
      data: { exceptionId: r.exceptionId, decision: r.decision, remaining: unresolved(exceptions) },
      ...(r.note ? { note: r.note } : {}),
    },
    effects: [],
  };
}

/** 100% reconciliation: every line matched or every difference resolved. */
export const fullyReconciled = (state: ClearingState): boolean => state.reconciliation !== null && unresolved(state.exceptions) === 0;

/** P-2 (b): the statement; a period with nothing to clear closes at once. */
export function statementMade(state: ClearingState, statement: Statement, today: IsoDate): ClearingTransition {
  if (!fullyReconciled(state)) throw new RangeError(`statement before 100% reconciliation of ${state.id}`);
  return {
    state: { ...state, status: 'STATEMENT_READY', statement: { ...statement } },
    event: {
      type: 'STATEMENT_MADE',
      rule: statement.recoveryOffsetFen ? 'P-2, RC-3' : 'P-2',
      data: {
        count: statement.count,
        fundFen: statement.fundFen,
        recoveryOffsetFen: statement.recoveryOffsetFen,
        netDueFen: statement.netDueFen,
        madeOn: today,
      },
    },
    effects: [],
  };
}

const isEmpty = (s: Statement) => s.lineCount === 0 && s.netDueFen === 0 && s.recoveryOffsetFen === 0;

/** P-2 (c): the application includes 100% of the statement's lines; the ledger books it. */
export function applied(state: ClearingState, receiptId: string, today: IsoDate): ClearingTransition {
  const s = state.statement!;
  const pair = { caseId: state.id, insuredRegion: state.insuredRegion, treatmentRegion: state.treatmentRegion, bookedOn: today };
  const effects: ClearingEffect[] = [
    statementMovement({ ...pair, amountFen: s.fundFen }),
    offsetMovement({ ...pair, amountFen: s.recoveryOffsetFen }),
  ]
    .filter((m): m is ClearingMovement => m !== null)
    .map((movement) => ({ type: 'BOOK', movement }));
  const application = { appliedOn: today, receiptId };
  if (isEmpty(s) || s.netDueFen <= 0) {
    // Nothing to pay: the period is settled by its statement alone.
    return {
      state: { ...state, status: 'PAID', application, closedOn: today },
      event: { type: 'CLOSED_NOTHING_DUE', rule: 'P-2', data: { netDueFen: s.netDueFen, receiptId } },
      effects,
    };
  }
  return {
    state: { ...state, status: state.overdue ? 'OVERDUE' : 'APPLIED', application },
    event: { type: 'APPLIED', rule: 'P-2', data: { receiptId, lines: s.lineCount, netDueFen: s.netDueFen } },
    effects,
  };
}

/** The application did not get through (the workflow recorded why); counted, tried again later. */
export function applicationRefused(state: ClearingState): ClearingTransition {
  return { state: { ...state, applicationFailures: state.applicationFailures + 1 }, event: null, effects: [] };
}

/** The next reminder, the due day, or the next escalation, while the period is unpaid. */
export function nextClearingDeadline(state: ClearingState): ClearingDeadline | null {
  if (state.status === 'PAID') return null;
  if (!state.overdue) {
    const reminder = state.reminderDates[state.remindersSent];
    if (reminder) return { kind: 'REMINDER', date: reminder, atMs: shanghaiMidnightEpochMs(reminder) };
    return { kind: 'DUE', date: state.dueDate, atMs: deadlineInstantMs(state.dueDate) };
  }
  const next = state.nextEscalationDate;
  return next ? { kind: 'ESCALATION', date: next, atMs: shanghaiMidnightEpochMs(next) } : null;
}

/** P-3: a reminder before the due day; the due day passing makes the period overdue and escalates. */
export function onDeadline(state: ClearingState, deadline: ClearingDeadline, terms: ClearingCaseTerms): ClearingTransition {
  if (deadline.kind === 'REMINDER') {
    const reminder = state.remindersSent + 1;
    return {
      state: { ...state, remindersSent: reminder },
      event: null,
      effects: [
        { type: 'REMIND', reminder, to: state.insuredRegion, dueDate: state.dueDate, netDueFen: state.statement?.netDueFen ?? null },
      ],
    };
  }
  const escalations = state.escalations + 1;
  const to = provincialAgencyOf(state.insuredRegion);
  const nextEscalationDate = addDays(deadline.date, deadline.kind === 'DUE' ? 1 + terms.escalationRepeatDays : terms.escalationRepeatDays);
  const reason =
    `clearing ${state.id}: ` +
    (state.statement ? `${state.statement.netDueFen} fen unpaid` : 'not reconciled') +
    ` after the due day ${state.dueDate}` +
    (state.delayReport
      ? `; delay report: ${state.delayReport.reason}, expected ${state.delayReport.expectedDate}`
      : '; no delay report filed');
  const escalate: ClearingEffect = { type: 'ESCALATE', escalation: escalations, to, reason };
  if (deadline.kind === 'DUE') {
    return {
      state: {
        ...state,
        status: state.status === 'APPLIED' ? 'OVERDUE' : state.status,
        overdue: true,
        remindersSent: Math.max(state.remindersSent, state.reminderDates.length),
        escalations,
        nextEscalationDate,
      },
      event: { type: 'OVERDUE', rule: 'P-3', data: { dueDate: state.dueDate, delayReported: state.delayReport !== null } },
      effects: [escalate],
    };
  }
  return { state: { ...state, escalations, nextEscalationDate }, event: null, effects: [escalate] };
}

export function checkDelayReport(state: ClearingState, expectedDate: IsoDate, today: IsoDate): void {
  if (state.status === 'PAID') throw new DomainError('CLEARING_ALREADY_PAID', { clearingId: state.id });
  if (expectedDate < today) throw new DomainError('CLEARING_EXPECTED_DATE_PAST', { expectedDate, today });
}

/** P-3: why the payment is late and when it is expected. */
export function delayReported(
  state: ClearingState,
  r: { reason: string; expectedDate: IsoDate; by: string },
  today: IsoDate,
): ClearingTransition {
  checkDelayReport(state, r.expectedDate, today);
  const delayReport = {
    reason: r.reason,
    expectedDate: r.expectedDate,
    reportedOn: today,
    by: r.by,
    reports: (state.delayReport?.reports ?? 0) + 1,
  };
  return {
    state: { ...state, delayReport },
    event: { type: 'DELAY_REPORTED', rule: 'P-3', data: { expectedDate: r.expectedDate }, note: r.reason },
    effects: [],
  };
}

export interface PaymentInput {
  amountFen: number;
  paidOn: IsoDate;
  bankFeeFen: number;
  interestFen: number;
  by: string;
}

/** Update validator: every rate at 100%, paid in full, on a real date, and a delay report when late. */
export function checkPayment(state: ClearingState, p: Pick<PaymentInput, 'amountFen' | 'paidOn'>, today: IsoDate): void {
  if (state.status === 'PAID') throw new DomainError('CLEARING_ALREADY_PAID', { clearingId: state.id });
  if (!OPEN_FOR_PAYMENT.includes(state.status) || !state.statement || !state.application) {
    throw new DomainError('CLEARING_NOT_APPLIED', { clearingId: state.id, status: state.status, rates: ratesOf(state) });
  }
  if (p.amountFen !== state.statement.netDueFen) {
    throw new DomainError('CLEARING_PAYMENT_AMOUNT_MISMATCH', { amountFen: p.amountFen, netDueFen: state.statement.netDueFen });
  }
  if (p.paidOn > today || p.paidOn < state.application.appliedOn) {
    throw new DomainError('CLEARING_PAID_ON_INVALID', { paidOn: p.paidOn, today, appliedOn: state.application.appliedOn });
  }
  if (p.paidOn > state.dueDate && !state.delayReport) {
    throw new DomainError('CLEARING_DELAY_REPORT_REQUIRED', { dueDate: state.dueDate, paidOn: p.paidOn });
  }
}

/** P-2 (d), P-4: paid; the fee is the agency's expense, the interest the treatment region's. */
export function paymentRecorded(state: ClearingState, p: PaymentInput, today: IsoDate): ClearingTransition {
  checkPayment(state, p, today);
  const pair = { caseId: state.id, insuredRegion: state.insuredRegion, treatmentRegion: state.treatmentRegion, bookedOn: p.paidOn };
  const effects: ClearingEffect[] = [
    paymentMovement({ ...pair, amountFen: p.amountFen }),
    bankFeeMovement({ ...pair, amountFen: p.bankFeeFen }),
    interestMovement({ ...pair, amountFen: p.interestFen }),
  ]
    .filter((m): m is ClearingMovement => m !== null)
    .map((movement) => ({ type: 'BOOK', movement }));
  const late = p.paidOn > state.dueDate;
  const payment = {
    amountFen: p.amountFen,
    paidOn: p.paidOn,
    bankFeeFen: p.bankFeeFen,
    interestFen: p.interestFen,
    recordedOn: today,
    by: p.by,
    late,
  };
  return {
    state: { ...state, status: 'PAID', payment, closedOn: today, nextEscalationDate: null },
    event: {
      type: 'PAID',
      rule: p.bankFeeFen || p.interestFen ? 'P-2, P-4' : 'P-2',
      data: { amountFen: p.amountFen, paidOn: p.paidOn, bankFeeFen: p.bankFeeFen, interestFen: p.interestFen, late },
    },
    effects,
  };
}

/** The timeline entry of a reminder or escalation carried out (`error` absent) or refused. */
export function effectOutcome(effect: Exclude<ClearingEffect, { type: 'BOOK' }>, error?: string): ClearingEvent {
  if (effect.type === 'REMIND') {
    return error === undefined
      ? { type: 'PAYMENT_REMINDED', rule: 'P-3', data: { reminder: effect.reminder, dueDate: effect.dueDate } }
      : { type: 'PAYMENT_REMINDER_FAILED', rule: 'P-3', data: { reminder: effect.reminder, error } };
  }
  return error === undefined
    ? { type: 'ESCALATED', rule: 'P-3', data: { to: effect.to, escalation: effect.escalation } }
    : { type: 'ESCALATION_FAILED', rule: 'P-3', data: { to: effect.to, error } };
}

const percent = (part: number, whole: number): number => (whole === 0 ? 100 : Math.floor((part * 10_000) / whole) / 100);

/** P-2: the three rates the period shows; it closes only with each at 100%. */
export function ratesOf(state: ClearingState): ClearingRates {
  const r = state.reconciliation;
  const resolved = state.exceptions.filter((e) => e.resolution).length;
  return {
    reconciliationPercent: r ? percent(r.matched + resolved, r.matched + state.exceptions.length) : 0,
    settlementPercent: state.statement ? 100 : 0,
    applicationPercent: state.application ? 100 : 0,
  };
}

export function reconciliationCounts(state: ClearingState) {
  const r = state.reconciliation;
  return {
    matched: r?.matched ?? 0,
    onlyOurs: r?.onlyOurs ?? 0,
    onlyTheirs: r?.onlyTheirs ?? 0,
    amountDiffers: r?.amountDiffers ?? 0,
    carriedIn: r?.carriedIn ?? 0,
    resolved: state.exceptions.filter((e) => e.resolution).length,
    ratePercent: ratesOf(state).reconciliationPercent,
  };
}
