// Recovery (追回) vocabulary (DOMAIN.md section 5, API.md "Recovery").
import type { IsoDate } from '../time';

/** RC-2 where a recovery comes from. */
export const RECOVERY_SOURCE_TYPES = ['INQUIRY', 'COMMITMENT', 'AUDIT', 'FRAUD'] as const;
export type RecoverySourceType = (typeof RECOVERY_SOURCE_TYPES)[number];

/**
 * RC-3 steps. AWAITING_PAYMENT: the debtor was notified and the collection is watched;
 * ESCALATED: the debtor deadline passed unpaid and the provincial agency was told (payment is
 * still watched); then COLLECTED -> TRANSFERRED -> RECONCILED -> CLOSED. TRANSFER_REFUSED: finance
 * refused the transfer of the collected money (an exception a clerk sees, the province told); a
 * clerk's retry takes the case back to COLLECTED and the same transfer is asked for again.
 */
export const RECOVERY_STATUSES = [
  'ORDERED',
  'AWAITING_PAYMENT',
  'ESCALATED',
  'COLLECTED',
  'TRANSFER_REFUSED',
  'OFFSET',
  'TRANSFERRED',
  'RECONCILED',
  'CLOSED',
] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];

/** RC-1: money that stays with the treatment region and is never transferred. */
export const FINE_KINDS = ['ADMINISTRATIVE_FINE', 'CONTRACT_PENALTY'] as const;
export type FineKind = (typeof FINE_KINDS)[number];

export interface RecoverySource {
  type: RecoverySourceType;
  id: string;
}

export interface Fine {
  kind: FineKind;
  amountFen: number;
  note?: string;
}

export interface RecoveryOrder {
  recoveryId: string;
  source: RecoverySource;
  /** Fund money to get back (fen); fines are not part of it (RC-1). */
  amountFen: number;
  /** Who owes it: a hospital id, a person, or an agency. */
  debtor: string;
  /** The agency that receives the debtor notice and collects (treatment region by default). */
  debtorRegion: string;
  insuredRegion: string;
  treatmentRegion: string;
  scheme: string;
  reason: string;
  fines: Fine[];
}

export interface RecoverySchedule {
  orderedOn: IsoDate;
  dueDate: IsoDate;
  /** Reminder days before the debtor deadline, earliest first. */
  reminderDates: IsoDate[];
}

/** RC-1, RC-4: the one transfer to the fund account that paid, as finance completed it. */
export interface RecoveryTransfer {
  transferId: string;
  fromAccount: string;
  toAccount: string;
  amountFen: number;
  completedAt: string;
}

/** RC-3, RC-4: finance refused the transfer; the money waits in the collection account for a clerk's retry. */
export interface RecoveryTransferRefusal {
  refusedOn: IsoDate;
  /** Finance's answer as the engine received it. */
  reason: string;
  /** The idempotency key of the refused request (a retry is sent under a new one). */
  key: string;
}

/** RC-3, P-2: the clearing whose statement deducted this recovery from the insured region's payment. */
export interface RecoveryOffset {
  clearingId: string;
  amountFen: number;
  offsetOn: IsoDate;
}

/** RC-3 reconcile: the latest finding. A finding met again unchanged is not stored again. */
export interface RecoveryReconciliation {
  /** The day this finding was made. */
  reconciledOn: IsoDate;
  financeAmountFen: number;
  ledgerBalanced: boolean;
  matched: boolean;
  problems: string[];
}

/**
 * Everything a recovery case has learnt since its order (the order itself is the workflow
 * input and never changes). The workflow holds one of these; lifecycle.ts moves it, and a run
 * that continues as new hands it on whole.
 */
export interface RecoveryState {
  id: string;
  status: RecoveryStatus;
  orderedOn: IsoDate;
  dueDate: IsoDate;
  reminderDates: IsoDate[];
  remindersSent: number;
  overdue: boolean;
  /** Escalations asked for (sent or failed); the next one's idempotency key is numbered after them. */
  escalations: number;
  /** Payment reports by clerks; each one makes the workflow ask finance at once. */
  paymentReports: number;
  /** Finance checks that failed in a row; 0 once finance answers again. */
  failedFinanceChecks: number;
  collectedFen: number;
  collectedOn: IsoDate | null;
  transfer: RecoveryTransfer | null;
  /** The refusal a clerk must act on, while status is TRANSFER_REFUSED (absent in runs begun before it existed). */
  transferRefusal?: RecoveryTransferRefusal | null;
  /** Clerk retries of a refused transfer; each one is sent under its own idempotency key (absent: 0). */
  transferRetries?: number;
  reconciliation: RecoveryReconciliation | null;
  reconciliationAttempts: number;
  /** Set when a clearing offset the debt (status OFFSET); absent in runs begun before offsets existed. */
  offset?: RecoveryOffset | null;
  closedOn: IsoDate | null;
  /** the debtor's number since a person-number change; absent while it is the order's. */
  debtor?: string;
}
