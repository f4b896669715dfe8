// The recovery workflow's outside face (RC-1..RC-4): API, tests and the workflows that start
// recoveries (inquiry I-5, filing F-7) import these names; renaming one breaks running cases.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Fine,
  RecoveryOffset,
  RecoveryOrder,
  RecoveryReconciliation,
  RecoveryState,
  RecoveryStatus,
  RecoveryTransfer,
  RecoveryTransferRefusal,
} from '../../domain/recovery/types';
import type { IsoDate } from '../../domain/time';
import type { CaseActor, TimelineEvent, TimelineSnapshot } from '../timeline';

export type { RecoveryOffset, RecoveryReconciliation, RecoveryTransfer, RecoveryTransferRefusal };

export interface RecoveryWorkflowInput extends RecoveryOrder {
  /** RC-3 debtor deadline (policy, calendar days); looked up from the insured region's policy when absent. */
  debtorDeadlineDays?: number;
  /** How often finance is asked whether the debtor paid; default one day (daily bank statements). */
  collectionPollMs?: number;
  actor: CaseActor;
  /** Set only by the recovery itself when a run continues as new: where the case stands, carried whole. */
  continued?: RecoveryContinuation;
}

/** A case handed from one run to the next: nothing is ordered, notified or booked again. */
export interface RecoveryContinuation {
  state: RecoveryState;
  timeline: TimelineSnapshot;
  /** Read-model revision reached, so the next run's views still win over older ones. */
  revision: number;
}

/** The case as the API answers it: the order, its state, and what the outside reads of it. */
export interface RecoveryDocument extends Pick<
  RecoveryOrder,
  'amountFen' | 'source' | 'debtor' | 'debtorRegion' | 'insuredRegion' | 'treatmentRegion' | 'scheme' | 'reason'
> {
  id: string;
  status: RecoveryStatus;
  /** RC-1: the insured region's fund account that paid; the only place the money goes. */
  targetAccount: string;
  collectionAccount: string;
  transferId: string;
  /** RC-1: fines and penalties, recorded and retained by the treatment region, never transferred. */
  fines: Fine[];
  finesRetainedFen: number;
  orderedOn: IsoDate;
  dueDate: IsoDate;
  reminderDates: IsoDate[];
  remindersSent: number;
  overdue: boolean;
  escalated: boolean;
  collectedFen: number;
  collectedOn: IsoDate | null;
  transfer: RecoveryTransfer | null;
  /** RC-3, RC-4: finance refused the transfer; set while the case waits for a clerk's retry (TRANSFER_REFUSED). */
  transferRefusal: RecoveryTransferRefusal | null;
  /** Clerk retries of a refused transfer so far. */
  transferRetries: number;
  /** RC-3, P-2: the clearing that deducted the debt (status OFFSET, then CLOSED), or null. */
  offset: RecoveryOffset | null;
  reconciliation: RecoveryReconciliation | null;
  closedOn: IsoDate | null;
  nextDeadline: { kind: 'REMINDER' | 'DEBTOR_DEADLINE'; date: IsoDate } | null;
  revision: number;
  events: TimelineEvent[];
}

export const recoveryQuery = defineQuery<RecoveryDocument>('recovery');
/** Answers once the order's first view is stored, so a POST can return it (update-with-start). */
export const recoveryOpenedUpdate = defineUpdate<RecoveryDocument>('recoveryOpened');
/** RC-3: a clerk reports the debtor paid; the workflow asks finance at once instead of at the next poll. */
export const paymentReportedUpdate = defineUpdate<RecoveryDocument, [{ actor: CaseActor; note?: string }]>('paymentReported');
/**
 * RC-3, RC-4: finance refused the transfer (TRANSFER_REFUSED); a clerk who cleared the cause asks
 * for it again. The same transferId under a new idempotency key; answers once the retry is recorded.
 */
export const retryTransferUpdate = defineUpdate<RecoveryDocument, [{ actor: CaseActor; note?: string }]>('retryTransfer');
/**
 * RC-3, P-2: a monthly clearing of the pair claimed this recovery and deducted it from the insured
 * region's payment; the case stops collecting and closes as OFFSET.
 */
export const offsetInClearingSignal = defineSignal<[{ clearingId: string; amountFen: number }]>('offsetInClearing');
/** the debtor (a person) changed number; the case continues under the new one. */
export const debtorRenumberedSignal = defineSignal<[{ newDebtor: string; actor: CaseActor }]>('debtorRenumbered');
