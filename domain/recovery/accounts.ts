// Account and id naming for recoveries (RC-1, RC-4). Deterministic names are what make every
// retried step land on the same record: the recovery id comes from its source, the transfer id
// from the recovery id, so a transfer happens once however often a step is retried.
import type { RecoverySourceType } from './types';

const SOURCE_PREFIX: Record<RecoverySourceType, string> = { INQUIRY: 'INQ', COMMITMENT: 'COM', AUDIT: 'AUD', FRAUD: 'FRA' };

/** One recovery per source: REC-INQ-<inquiryId>, REC-COM-<filingId>, REC-AUD-<id>, REC-FRA-<id>. */
export function recoveryIdFor(type: RecoverySourceType, sourceId: string): string {
  return `REC-${SOURCE_PREFIX[type]}-${sourceId}`;
}

/** RC-1: the insured region's fund account that paid (one per pooling region and scheme). */
export function fundAccountOf(insuredRegion: string, scheme: string): string {
  return `FUND-${insuredRegion}-${scheme}`;
}

/** Where the collecting agency receives debtors' payments before passing them on. */
export function collectionAccountOf(region: string): string {
  return `COLLECTION-${region}`;
}

/** The debtor's side of the books: what it owes, settled when its payment is collected. */
export function receivableAccountOf(debtor: string): string {
  return `RECEIVABLE-${debtor}`;
}

/** RC-4: the one transfer of a recovery; finance refuses a second transfer with this id. */
export function transferIdOf(recoveryId: string): string {
  return `TRF-${recoveryId}`;
}
