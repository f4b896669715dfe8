// The clearing workflow's outside face (P-2..P-6): API and tests import these names; renaming one
// breaks running cases.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ClearingException,
  ClearingOrder,
  ClearingPayment,
  ClearingRates,
  ClearingState,
  ClearingStatus,
  DelayReport,
  LockSummary,
  ResolutionDecision,
  Statement,
} from '../../domain/clearing';
import type { IsoDate } from '../../domain/time';
import type { CaseActor, TimelineEvent, TimelineSnapshot } from '../timeline';

export interface ClearingWorkflowInput extends ClearingOrder {
  /** Who started it: the schedule (system) or an administrator in simulation. */
  actor?: CaseActor;
  continued?: ClearingContinuation;
}

export interface ClearingContinuation {
  state: ClearingState;
  timeline: TimelineSnapshot;
  revision: number;
}

/** The Clearing shape of docs/API.md, plus what a clerk needs to act on it. */
export interface ClearingDocument {
  id: string;
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  status: ClearingStatus;
  openedOn: IsoDate;
  lock: LockSummary | null;
  reconciliation: {
    matched: number;
    onlyOurs: number;
    onlyTheirs: number;
    amountDiffers: number;
    resolved: number;
    ratePercent: number;
    carriedIn: number;
    ourCount: number | null;
    ourFundFen: number | null;
    theirCount: number | null;
    theirFundFen: number | null;
    reconciledOn: IsoDate | null;
  };
  exceptions: ClearingException[];
  statement: Statement | null;
  rates: ClearingRates;
  application: { appliedOn: IsoDate; receiptId: string } | null;
  dueDate: IsoDate;
  reminderDates: IsoDate[];
  remindersSent: number;
  overdue: boolean;
  escalated: boolean;
  delayReport: DelayReport | null;
  payment: ClearingPayment | null;
  closedOn: IsoDate | null;
  nextDeadline: { kind: string; date: IsoDate } | null;
  revision: number;
  events: TimelineEvent[];
}

export const clearingQuery = defineQuery<ClearingDocument>('clearing');
/** Answers once the clearing has stored its first view, so the dev run route can return it. */
export const clearingOpenedUpdate = defineUpdate<ClearingDocument>('clearingOpened');
export const resolveExceptionUpdate = defineUpdate<
  ClearingDocument,
  [{ exceptionId: string; decision: ResolutionDecision; note: string; actor: CaseActor }]
>('resolveException');
export const delayReportUpdate = defineUpdate<ClearingDocument, [{ reason: string; expectedDate: IsoDate; actor: CaseActor }]>(
  'delayReport',
);
export const clearingPaymentUpdate = defineUpdate<
  ClearingDocument,
  [{ amountFen: number; paidOn: IsoDate; bankFeeFen: number; interestFen: number; actor: CaseActor }]
>('clearingPayment');
/** Wakes a clearing waiting to retry a step (an agency that was away). */
export const clearingNudgeSignal = defineSignal('clearingNudge');
