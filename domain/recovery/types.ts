// Recovery (追回) vocabulary (DOMAIN.md section 5, API.md "Recovery").
import type { IsoDate } from '../time';

/** RC-2 where a recovery comes from. */
export const RECOVERY_SOURCE_TYPES = ['INQUIRY', 'COMMITMENT', 'AUDIT', 'FRAUD'] as const;
export type RecoverySourceType = (typeof RECOVERY_SOURCE_TYPES)[number];

/**
 * RC-3 steps. AWAITING_PAYMENT: the debtor was notified and the collection is watched;
 * ESCALATED: the debtor deadline passed unpaid and the provincial agency was told (payment is
 * still watched); then COLLECTED -> TRANSFERRED -> RECONCILED -> CLOSED.
 */
export const RECOVERY_STATUSES = ['ORDERED', 'AWAITING_PAYMENT', 'ESCALATED', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'] as const;
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
