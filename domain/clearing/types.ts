// The clearing of one pair (insured region, treatment region) and one period (P-2..P-6), as the
// workflow keeps it and the API shows it.
import type { IsoDate } from '../time';

export const CLEARING_STATUSES = ['RECONCILING', 'EXCEPTIONS', 'STATEMENT_READY', 'APPLIED', 'PAID', 'OVERDUE'] as const;
export type ClearingStatus = (typeof CLEARING_STATUSES)[number];

export const EXCEPTION_KINDS = ['ONLY_OURS', 'ONLY_THEIRS', 'AMOUNT_DIFFERS'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export const RESOLUTION_DECISIONS = ['ACCEPT_OURS', 'ACCEPT_THEIRS', 'DEFER'] as const;
export type ResolutionDecision = (typeof RESOLUTION_DECISIONS)[number];

/** SETTLEMENT: a stored direct settlement; REVERSAL: a reversal after its period was locked (P-6, negative). */
export type LineKind = 'SETTLEMENT' | 'REVERSAL';

/**
 * One line of a clearing: ours (a settlement record or a reversal adjustment counted in this
 * clearing) or theirs (the treatment region's list). `lineId` is the settlement id, or
 * REV-<settlementId> for a reversal line, on both sides.
 */
export interface ClearingLine {
  lineId: string;
  settlementId: string;
  kind: LineKind;
  /** Negative for a reversal line. */
  fundFen: number;
  scheme: string;
  visitType: string;
  hospitalId: string;
  /** The period the record itself belongs to; earlier than the clearing's for a late record (P-6). */
  recordPeriod: string;
}

export interface ExceptionResolution {
  decision: ResolutionDecision;
  note: string;
  decidedOn: IsoDate;
  by: string;
}

/** A difference found by reconciliation (P-2 a): a clerk resolves it; it is never dropped. */
export interface ClearingException {
  id: string;
  kind: ExceptionKind;
  lineId: string;
  settlementId: string;
  lineKind: LineKind;
  oursFen?: number;
  theirsFen?: number;
  scheme: string;
  visitType: string;
  hospitalId: string;
  /** Set on an exception deferred from an earlier period (DEFER carries it here). */
  carriedFrom?: string;
  resolution?: ExceptionResolution;
}

/** What the lock counted in this clearing (P-6: late records and reversals after a lock are adjustments). */
export interface LockSummary {
  lockedAt: string;
  count: number;
  fundFen: number;
  /** Lines whose record belongs to an earlier, already locked period, and reversal lines. */
  adjustments: { count: number; fundFen: number };
}

export interface ReconciliationSummary {
  reconciledOn: IsoDate;
  ourCount: number;
  ourFundFen: number;
  theirCount: number;
  theirFundFen: number;
  matched: number;
  onlyOurs: number;
  onlyTheirs: number;
  amountDiffers: number;
  /** Exceptions carried in from earlier periods (deferred there). */
  carriedIn: number;
}

export interface StatementRow {
  count: number;
  fundFen: number;
}

/** P-2 b: made only at 100% reconciliation. */
export interface Statement {
  madeOn: IsoDate;
  /** Settlements in the statement (reversal lines are not settlements: see adjustments). */
  count: number;
  /** Sum over every line in the statement, reversal lines negative. */
  fundFen: number;
  byScheme: Array<StatementRow & { scheme: string }>;
  byVisitType: Array<StatementRow & { visitType: string }>;
  /** P-6: late records and reversal lines of earlier periods, included in count/fund above. */
  adjustments: StatementRow;
  /** RC-3: recovered money offset against this clearing. */
  recoveryOffsetFen: number;
  recoveries: Array<{ recoveryId: string; amountFen: number }>;
  netDueFen: number;
  /** Line ids in the statement (the books check sums them again). */
  lineCount: number;
}

export interface DelayReport {
  reason: string;
  expectedDate: IsoDate;
  reportedOn: IsoDate;
  by: string;
  /** How many reports were filed (the latest is shown). */
  reports: number;
}

export interface ClearingPayment {
  amountFen: number;
  paidOn: IsoDate;
  bankFeeFen: number;
  interestFen: number;
  recordedOn: IsoDate;
  by: string;
  late: boolean;
}

export interface ClearingState {
  id: string;
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  status: ClearingStatus;
  openedOn: IsoDate;
  lock: LockSummary | null;
  reconciliation: ReconciliationSummary | null;
  exceptions: ClearingException[];
  statement: Statement | null;
  application: { appliedOn: IsoDate; receiptId: string } | null;
  applicationFailures: number;
  dueDate: IsoDate;
  reminderDates: IsoDate[];
  remindersSent: number;
  overdue: boolean;
  escalations: number;
  nextEscalationDate: IsoDate | null;
  delayReport: DelayReport | null;
  payment: ClearingPayment | null;
  closedOn: IsoDate | null;
}

/** The policy terms a clearing starts with and keeps (a policy edit never changes a running case). */
export interface ClearingCaseTerms {
  dueDay: number;
  reminderDaysBefore: number[];
  escalationRepeatDays: number;
}

export interface ClearingRates {
  reconciliationPercent: number;
  settlementPercent: number;
  applicationPercent: number;
}
