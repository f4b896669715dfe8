// The life of one recovery as pure transitions (RC-1..RC-4): order -> notify the debtor ->
// collect -> transfer -> reconcile -> closed. The workflow owns the timers and the calls to other
// agencies; these functions say what a step's outcome changes, which event it leaves on the
// timeline, and which effects the workflow must carry out.
//
// Choices the rulebook leaves open, made here once:
//  - RC-3 "overdue escalates": the provincial agency above the insured region hears of it once;
//    so does a debtor's agency refusing the notice, and a reconciliation that does not match.
//  - A step whose outcome is an effect's (a reminder, an escalation) leaves no event of its own:
//    the effect's outcome is the event (effectOutcome), as a clerk wants to read "reminded" or
//    "reminder failed", not both.
//  - Nothing changed, nothing recorded: a finance check that finds no payment, a reconciliation
//    that finds the same problems again, a finance outage that goes on, return event null.
import { provincialAgencyOf } from '../inquiry/deadlines';
import { DomainError } from '../errors/types';
import { collectionAccountOf, fundAccountOf, transferKeyOf } from './accounts';
import type { Movement } from './ledger';
import { collectMovement, offsetMovement, transferOrderOf } from './movements';
import type { ReconciliationReport } from './reconciliation';
import { checkPaymentReport, paymentComplete, recoverySchedule, retainedFinesFen } from './schedule';
import type { RecoveryOffset, RecoveryOrder, RecoveryState } from './types';
import { deadlineInstantMs, shanghaiMidnightEpochMs, type IsoDate } from '../time';

export interface RecoveryEvent {
  type: string;
  rule: string;
  data?: Record<string, unknown>;
  /** What the person who acted wrote; the timeline shows it in place of the rule. */
  note?: string;
}

export type RecoveryEffect =
  | { type: 'REMIND'; reminder: number; dueDate: IsoDate; reason: string }
  | { type: 'ESCALATE'; escalation: number; to: string; reason: string }
  | { type: 'BOOK'; movement: Movement };

export interface RecoveryTransition {
  state: RecoveryState;
  /** null: nothing worth a timeline entry happened (the state may still count something). */
  event: RecoveryEvent | null;
  effects: RecoveryEffect[];
}

export type RecoveryDeadlineKind = 'REMINDER' | 'DEBTOR_DEADLINE';

export interface RecoveryDeadline {
  kind: RecoveryDeadlineKind;
  date: IsoDate;
  /** The instant the durable timer fires (T-4). */
  atMs: number;
}

const unchanged = (state: RecoveryState): RecoveryTransition => ({ state, event: null, effects: [] });

function escalate(state: RecoveryState, order: RecoveryOrder, reason: string): { escalations: number; effect: RecoveryEffect } {
  const escalations = state.escalations + 1;
  return { escalations, effect: { type: 'ESCALATE', escalation: escalations, to: provincialAgencyOf(order.insuredRegion), reason } };
}

/** A recovery before its order is read: due on the order day until the deadline is known. */
export function openRecovery(order: RecoveryOrder, orderedOn: IsoDate): RecoveryState {
  return {
    id: order.recoveryId,
    status: 'ORDERED',
    orderedOn,
    dueDate: orderedOn,
    reminderDates: [],
    remindersSent: 0,
    overdue: false,
    escalations: 0,
    paymentReports: 0,
    failedFinanceChecks: 0,
    collectedFen: 0,
    collectedOn: null,
    transfer: null,
    transferRefusal: null,
    transferRetries: 0,
    reconciliation: null,
    reconciliationAttempts: 0,
    closedOn: null,
  };
}

/** RC-2, RC-3 order: the debtor deadline (policy, calendar days) and its reminders. */
export function scheduleOrder(state: RecoveryState, debtorDeadlineDays: number, order: RecoveryOrder): RecoveryTransition {
  const { dueDate, reminderDates } = recoverySchedule(state.orderedOn, debtorDeadlineDays);
  return {
    state: { ...state, dueDate, reminderDates },
    event: {
      type: 'ORDERED',
      rule: order.fines.length ? 'RC-2, RC-3; fines recorded, retained by the treatment region (RC-1)' : 'RC-2, RC-3',
      data: {
        amountFen: order.amountFen,
        source: { type: order.source.type, id: order.source.id },
        debtor: order.debtor,
        targetAccount: fundAccountOf(order.insuredRegion, order.scheme),
        dueDate,
        finesRetainedFen: retainedFinesFen(order.fines),
      },
    },
    effects: [],
  };
}

export function debtorNotified(state: RecoveryState, receiptId: string, order: RecoveryOrder): RecoveryTransition {
  return {
    state: { ...state, status: 'AWAITING_PAYMENT' },
    event: { type: 'DEBTOR_NOTIFIED', rule: 'RC-3', data: { region: order.debtorRegion, receiptId, dueDate: state.dueDate } },
    effects: [],
  };
}

/** The debtor's agency refused the notice: a person must look, so the province hears of it now. */
export function debtorNoticeRefused(state: RecoveryState, error: string, order: RecoveryOrder): RecoveryTransition {
  const { escalations, effect } = escalate(state, order, `recovery ${state.id}: the debtor's agency refused the notice`);
  return {
    state: { ...state, status: 'AWAITING_PAYMENT', escalations },
    event: { type: 'DEBTOR_NOTICE_REJECTED', rule: 'RC-3', data: { region: order.debtorRegion, error } },
    effects: [effect],
  };
}

/** The next reminder or the debtor deadline, while the debtor still has time (else null). */
export function nextRecoveryDeadline(state: RecoveryState): RecoveryDeadline | null {
  if (state.status !== 'ORDERED' && state.status !== 'AWAITING_PAYMENT') return null;
  const reminder = state.reminderDates[state.remindersSent];
  // A reminder is due at the start of its day; "pay by the due date" ends when that day does (T-1).
  if (reminder) return { kind: 'REMINDER', date: reminder, atMs: shanghaiMidnightEpochMs(reminder) };
  return { kind: 'DEBTOR_DEADLINE', date: state.dueDate, atMs: deadlineInstantMs(state.dueDate) };
}

/**
 * When the collection loop wakes next: at the next finance check, or earlier at a reminder or
 * the debtor deadline (T-4). `deadline` is null for a plain check. On a tie the check goes first.
 */
export function nextCollectionWake(
  state: RecoveryState,
  nowMs: number,
  pollMs: number,
): { atMs: number; deadline: RecoveryDeadline | null } {
  const pollAt = nowMs + pollMs;
  const deadline = state.status === 'AWAITING_PAYMENT' ? nextRecoveryDeadline(state) : null;
  return deadline && deadline.atMs < pollAt ? { atMs: deadline.atMs, deadline } : { atMs: pollAt, deadline: null };
}

/** RC-3: what a reminder day or the debtor deadline passing does to an unpaid recovery. */
export function onDeadline(state: RecoveryState, deadline: RecoveryDeadline, order: RecoveryOrder): RecoveryTransition {
  if (deadline.kind === 'REMINDER') {
    const reminder = state.remindersSent + 1;
    return {
      state: { ...state, remindersSent: reminder },
      event: null,
      effects: [{ type: 'REMIND', reminder, dueDate: state.dueDate, reason: `催缴提醒 reminder ${reminder}: ${order.reason}` }],
    };
  }
  const { escalations, effect } = escalate(
    state,
    order,
    `recovery ${state.id}: ${order.amountFen} fen unpaid after the debtor deadline ${state.dueDate}`,
  );
  return {
    // Reminders not sent by now never will be: the deadline they point to has passed.
    state: {
      ...state,
      status: 'ESCALATED',
      overdue: true,
      remindersSent: Math.max(state.remindersSent, state.reminderDates.length),
      escalations,
    },
    event: { type: 'OVERDUE', rule: 'RC-3', data: { dueDate: state.dueDate } },
    effects: [effect],
  };
}

/** RC-3: a clerk says the debtor paid; finance is asked at once (its word decides, not the clerk's). */
export function paymentReported(state: RecoveryState, note?: string): RecoveryTransition {
  checkPaymentReport(state.id, state.status);
  return {
    state: { ...state, paymentReports: state.paymentReports + 1 },
    event: { type: 'PAYMENT_REPORTED', rule: 'RC-3', ...(note ? { note } : {}) },
    effects: [],
  };
}

/** Finance could not say whether the debtor paid: recorded when an outage starts, not at every check. */
export function financeCheckFailed(state: RecoveryState, error: string): RecoveryTransition {
  const next = { ...state, failedFinanceChecks: state.failedFinanceChecks + 1 };
  if (state.failedFinanceChecks > 0) return unchanged(next);
  return { state: next, event: { type: 'FINANCE_CHECK_FAILED', rule: 'RC-3', data: { error } }, effects: [] };
}

/** Finance answered: an outage, if there was one, is over. */
export function financeCheckAnswered(state: RecoveryState): RecoveryTransition {
  if (state.failedFinanceChecks === 0) return unchanged(state);
  return {
    state: { ...state, failedFinanceChecks: 0 },
    event: { type: 'FINANCE_CHECK_RESUMED', rule: 'RC-3', data: { failedChecks: state.failedFinanceChecks } },
    effects: [],
  };
}

/** RC-3 "payment confirmed" (RC-4 movement): finance has at least the ordered amount; fines stay out (RC-1). */
export function paymentChecked(
  state: RecoveryState,
  collection: { confirmed: boolean; amountFen: number },
  today: IsoDate,
  order: RecoveryOrder,
): RecoveryTransition {
  if (!paymentComplete(collection, order.amountFen)) return unchanged(state);
  return {
    state: { ...state, status: 'COLLECTED', collectedFen: order.amountFen, collectedOn: today },
    event: {
      type: 'COLLECTED',
      rule: 'RC-3, RC-4',
      data: { amountFen: order.amountFen, account: collectionAccountOf(order.debtorRegion) },
    },
    effects: [{ type: 'BOOK', movement: collectMovement(order, today) }],
  };
}

/** While collection is watched, a clearing of the pair may still offset the debt (RC-3, P-2). */
export function offsetPossible(state: RecoveryState): boolean {
  return state.status === 'AWAITING_PAYMENT' || state.status === 'ESCALATED';
}

/**
 * RC-3, P-2: a monthly clearing of the pair deducted the debt from what the insured region pays
 * the treatment region. The fund that paid keeps the money (RC-1), so nothing is collected or
 * transferred; the clearing claimed the recovery before telling it, so finance can not also
 * collect it (the workflow claims the collection the same way before COLLECTED).
 */
export function offsetInClearing(
  state: RecoveryState,
  offset: Omit<RecoveryOffset, 'offsetOn'>,
  today: IsoDate,
  order: RecoveryOrder,
): RecoveryTransition {
  if (!offsetPossible(state)) return unchanged(state);
  const recorded: RecoveryOffset = { ...offset, offsetOn: today };
  return {
    state: { ...state, status: 'OFFSET', offset: recorded, collectedFen: order.amountFen, collectedOn: today },
    event: {
      type: 'OFFSET_IN_CLEARING',
      rule: 'RC-3, P-2',
      data: { clearingId: offset.clearingId, amountFen: order.amountFen, account: fundAccountOf(order.insuredRegion, order.scheme) },
    },
    effects: [{ type: 'BOOK', movement: offsetMovement(order, offset.clearingId, today) }],
  };
}

/** RC-1, RC-4: finance completed the one transfer to the fund account that paid. */
export function transferred(state: RecoveryState, completedAt: string, order: RecoveryOrder): RecoveryTransition {
  const { transferId, fromAccount, toAccount, amountFen } = transferOrderOf(order);
  const transfer = { transferId, fromAccount, toAccount, amountFen, completedAt };
  return {
    state: { ...state, status: 'TRANSFERRED', transfer, transferRefusal: null },
    event: { type: 'TRANSFERRED', rule: 'RC-1, RC-4', data: { ...transfer } },
    effects: [],
  };
}

/** The idempotency key the next transfer request of this case carries (RC-4). */
export function transferKeyFor(state: RecoveryState): string {
  return transferKeyOf(state.id, state.transferRetries ?? 0);
}

/**
 * RC-3, RC-4: finance refused the transfer (a business "no", not an outage). The collected money
 * stays in the collection account; the case stops as an exception a clerk sees, and the
 * provincial agency hears of it at once. Nothing moves until a clerk retries.
 */
export function transferRefused(state: RecoveryState, reason: string, today: IsoDate, order: RecoveryOrder): RecoveryTransition {
  const key = transferKeyFor(state);
  const { escalations, effect } = escalate(
    state,
    order,
    `recovery ${state.id}: finance refused the transfer of ${order.amountFen} fen to ${fundAccountOf(order.insuredRegion, order.scheme)}: ${reason}`,
  );
  const { transferId, fromAccount, toAccount } = transferOrderOf(order);
  return {
    state: { ...state, status: 'TRANSFER_REFUSED', transferRefusal: { refusedOn: today, reason, key }, escalations },
    event: {
      type: 'TRANSFER_REFUSED',
      rule: 'RC-3, RC-4',
      data: { transferId, fromAccount, toAccount, amountFen: order.amountFen, key, reason, attempt: (state.transferRetries ?? 0) + 1 },
    },
    effects: [effect],
  };
}

/** Only a refused transfer can be retried (RC-3). */
export function checkTransferRetry(state: RecoveryState): void {
  if (state.status !== 'TRANSFER_REFUSED') {
    throw new DomainError('RECOVERY_NOT_TRANSFER_REFUSED', { recoveryId: state.id, status: state.status });
  }
}

/**
 * RC-3, RC-4: a clerk has cleared the cause (an account reopened, a limit raised) and asks for the
 * transfer again: the same transferId, so finance still moves the money once, under a new key.
 */
export function transferRetryRequested(state: RecoveryState, note?: string): RecoveryTransition {
  checkTransferRetry(state);
  const transferRetries = (state.transferRetries ?? 0) + 1;
  const next: RecoveryState = { ...state, status: 'COLLECTED', transferRefusal: null, transferRetries };
  return {
    state: next,
    event: {
      type: 'TRANSFER_RETRY_REQUESTED',
      rule: 'RC-3, RC-4',
      data: { retry: transferRetries, key: transferKeyFor(next) },
      ...(note ? { note } : {}),
    },
    effects: [],
  };
}

export interface ReconciliationOptions {
  /**
   * Record every mismatch as a new exception, repeats included: how runs begun before
   * recording-on-change did it. Their histories and audit trail have one event per attempt.
   */
  everyAttempt?: boolean;
}

/**
 * RC-3 reconcile, RC-4: a match ends the recovery's money steps; a mismatch is an open exception
 * (P-2) that a clerk sees and the province hears of once. The same problems found again are
 * not news: the attempt is counted, nothing else changes.
 */
export function reconciliationFound(
  state: RecoveryState,
  report: ReconciliationReport,
  today: IsoDate,
  order: RecoveryOrder,
  options: ReconciliationOptions = {},
): RecoveryTransition {
  const attempt = state.reconciliationAttempts + 1;
  const finding = {
    reconciledOn: today,
    financeAmountFen: report.financeAmountFen,
    ledgerBalanced: report.ledgerBalanced,
    matched: report.matched,
    problems: [...report.problems],
  };
  if (report.matched) {
    return {
      state: { ...state, status: 'RECONCILED', reconciliationAttempts: attempt, reconciliation: finding },
      event: {
        type: 'RECONCILED',
        rule: 'RC-3, RC-4',
        data: { financeAmountFen: report.financeAmountFen, repairedEntries: report.repairedEntries },
      },
      effects: [],
    };
  }
  const before = state.reconciliation;
  const repeat = before !== null && !before.matched && sameProblems(before.problems, report.problems);
  if (repeat && !options.everyAttempt) return unchanged({ ...state, reconciliationAttempts: attempt });
  const first = before === null;
  const escalation = first ? escalate(state, order, `recovery ${state.id}: reconciliation mismatch: ${report.problems.join('; ')}`) : null;
  return {
    state: {
      ...state,
      reconciliationAttempts: attempt,
      reconciliation: finding,
      escalations: escalation?.escalations ?? state.escalations,
    },
    event: { type: 'RECONCILIATION_EXCEPTION', rule: 'RC-4, P-2', data: { attempt, problems: [...report.problems] } },
    effects: escalation ? [escalation.effect] : [],
  };
}

function sameProblems(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export function closeRecovery(state: RecoveryState, today: IsoDate, order: RecoveryOrder): RecoveryTransition {
  return {
    state: { ...state, status: 'CLOSED', closedOn: today },
    event: {
      type: 'CLOSED',
      rule: 'RC-3',
      data: { amountFen: order.amountFen, targetAccount: fundAccountOf(order.insuredRegion, order.scheme) },
    },
    effects: [],
  };
}

/** The timeline entry of an effect carried out (`error` absent) or refused by the other side. */
export function effectOutcome(effect: Exclude<RecoveryEffect, { type: 'BOOK' }>, error?: string): RecoveryEvent {
  if (effect.type === 'REMIND') {
    return error === undefined
      ? { type: 'DEBTOR_REMINDED', rule: 'RC-3', data: { reminder: effect.reminder, dueDate: effect.dueDate } }
      : { type: 'DEBTOR_REMINDER_FAILED', rule: 'RC-3', data: { reminder: effect.reminder, error } };
  }
  return error === undefined
    ? { type: 'ESCALATED', rule: 'RC-3', data: { to: effect.to, reason: effect.reason } }
    : { type: 'ESCALATION_FAILED', rule: 'RC-3', data: { to: effect.to, error } };
}

/**
 * a debtor who is a person changed number; notices and the case go on under the new one.
 * What was already booked keeps the account it was booked to. The same number again is no change.
 */
export function debtorRenumbered(state: RecoveryState, order: RecoveryOrder, newDebtor: string): RecoveryTransition {
  const current = state.debtor ?? order.debtor;
  if (newDebtor === current) return unchanged(state);
  return {
    state: { ...state, debtor: newDebtor },
    event: { type: 'DEBTOR_RENUMBERED', rule: 'X-1', data: { from: current, to: newDebtor } },
    effects: [],
  };
}
