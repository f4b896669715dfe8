// Account and id naming for recoveries (RC-1, RC-4). Deterministic names are what make every
// retried step land on the same record: the recovery id comes from its source, the transfer id
// from the recovery id, so a transfer happens once however often a step is retried.
import type { RecoverySourceType } from './types';
import { hasPersonIdShape } from '../personId';

const SOURCE_PREFIX: Record<RecoverySourceType, string> = { INQUIRY: 'INQ', COMMITMENT: 'COM', AUDIT: 'AUD', FRAUD: 'FRA' };

/**
 * One recovery per source: REC-INQ-<inquiryId>, REC-COM-<filingId> (ids unique engine-wide; the
 * inquiry and filing workflows start these). REC-AUD-<id>, REC-FRA-<id> is how a clerk's audit or
 * fraud order was named before those ids were scoped by region (orderedRecoveryIdFor).
 */
export function recoveryIdFor(type: RecoverySourceType, sourceId: string): string {
  return `REC-${SOURCE_PREFIX[type]}-${sourceId}`;
}

/**
 * RC-2: the recovery a clerk orders. An audit or fraud case number is the ordering region's own
 * (two regions may both have audit 2026-001), so its recovery is REC-AUD-<region>-<id> /
 * REC-FRA-<region>-<id>; an inquiry or a commitment filing is one engine-wide case, recovered
 * under the id its own workflow uses.
 */
export function orderedRecoveryIdFor(type: RecoverySourceType, insuredRegion: string, sourceId: string): string {
  if (type === 'INQUIRY' || type === 'COMMITMENT') return recoveryIdFor(type, sourceId);
  return `REC-${SOURCE_PREFIX[type]}-${insuredRegion}-${sourceId}`;
}

/** RC-1: the insured region's fund account that paid (one per pooling region and scheme). */
export function fundAccountOf(insuredRegion: string, scheme: string): string {
  return `FUND-${insuredRegion}-${scheme}`;
}

/** Where the collecting agency receives debtors' payments before passing them on. */
export function collectionAccountOf(region: string): string {
  return `COLLECTION-${region}`;
}

/** A person owes the money of a lapsed commitment (F-7); an institution that of an inquiry or audit. */
const isPersonDebtor = hasPersonIdShape;

/**
 * The debtor's side of the books: what it owes, settled when its payment is collected. A person is
 * named by the recovery, never by the ID number (issue 14: no ID number in ledger account names);
 * each recovery books its receivable once (collected or offset), so the name holds one debt.
 */
export function receivableAccountOf(order: { debtor: string; recoveryId: string }): string {
  return isPersonDebtor(order.debtor) ? `RECEIVABLE-${order.recoveryId}` : `RECEIVABLE-${order.debtor}`;
}

/** Who paid, as a ledger memo says it: an institution by its id, a person never by the ID number. */
export function debtorLabel(debtor: string): string {
  return isPersonDebtor(debtor) ? 'the insured person' : debtor;
}

/** RC-4: the one transfer of a recovery; finance refuses a second transfer with this id. */
export function transferIdOf(recoveryId: string): string {
  return `TRF-${recoveryId}`;
}

/**
 * RC-4: the idempotency key of a transfer request. Every retry of one attempt (activity retries,
 * a worker crash) sends the same key; a clerk's retry after finance refused sends a new one,
 * because finance answers a key it refused with the same refusal. The transferId never changes,
 * so finance still makes the transfer once.
 */
export function transferKeyOf(recoveryId: string, clerkRetries: number): string {
  return clerkRetries === 0 ? `${recoveryId}:transfer` : `${recoveryId}:transfer:retry-${clerkRetries}`;
}
