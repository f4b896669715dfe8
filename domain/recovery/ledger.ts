// RC-4 double-entry ledger rules. Every movement of money is one debit and one credit of the
// same amount with deterministic entry ids (<recoveryId>:<step>:D|C), so writing a movement again
// changes nothing and a missing leg can be rewritten. ledgerBalance proves the books: debits
// equal credits overall and per recovery, and no movement is missing a leg.
import type { RecoverySource } from './types';

export type LedgerSide = 'DEBIT' | 'CREDIT';

/**
 * COLLECT: the debtor's payment arrives; TRANSFER: it goes to the fund that paid (RC-1);
 * OFFSET: a clearing deducted it from the insured region's payment, so the fund keeps it (RC-3, P-2).
 */
export type LedgerStep = 'COLLECT' | 'TRANSFER' | 'OFFSET';

export interface LedgerEntryInput {
  entryId: string;
  movementId: string;
  recoveryId: string;
  step: LedgerStep;
  side: LedgerSide;
  account: string;
  amountFen: number;
  origin: RecoverySource;
  bookedOn: string;
  memo: string;
}

export interface Movement {
  recoveryId: string;
  step: LedgerStep;
  debitAccount: string;
  creditAccount: string;
  amountFen: number;
  origin: RecoverySource;
  bookedOn: string;
  memo: string;
}

export function movementId(recoveryId: string, step: LedgerStep): string {
  return `${recoveryId}:${step}`;
}

/** The two legs of a movement, with their deterministic ids. */
export function movementEntries(m: Movement): [LedgerEntryInput, LedgerEntryInput] {
  if (!Number.isInteger(m.amountFen) || m.amountFen <= 0)
    throw new RangeError(`a movement needs a positive whole fen amount, got ${m.amountFen}`);
  if (m.debitAccount === m.creditAccount) throw new RangeError(`a movement needs two different accounts, got ${m.debitAccount} twice`);
  const id = movementId(m.recoveryId, m.step);
  const leg = (side: LedgerSide, account: string): LedgerEntryInput => ({
    entryId: `${id}:${side === 'DEBIT' ? 'D' : 'C'}`,
    movementId: id,
    recoveryId: m.recoveryId,
    step: m.step,
    side,
    account,
    amountFen: m.amountFen,
    origin: { ...m.origin },
    bookedOn: m.bookedOn,
    memo: m.memo,
  });
  return [leg('DEBIT', m.debitAccount), leg('CREDIT', m.creditAccount)];
}

export interface BalanceLine {
  debitFen: number;
  creditFen: number;
  balanced: boolean;
}

export interface LedgerBalance extends BalanceLine {
  byRecovery: Record<string, BalanceLine>;
  /** Net per account (debits minus credits). */
  byAccount: Record<string, number>;
  /** Movements that lack a leg or whose legs disagree: each one is a reconciliation exception. */
  brokenMovements: string[];
}

type EntryLike = Pick<LedgerEntryInput, 'movementId' | 'recoveryId' | 'side' | 'account' | 'amountFen'>;

export function ledgerBalance(entries: readonly EntryLike[]): LedgerBalance {
  const line = (): BalanceLine => ({ debitFen: 0, creditFen: 0, balanced: true });
  const total = line();
  const byRecovery: Record<string, BalanceLine> = {};
  const byAccount: Record<string, number> = {};
  const legs = new Map<string, { debit: number[]; credit: number[] }>();
  for (const e of entries) {
    const r = (byRecovery[e.recoveryId] ??= line());
    const m = legs.get(e.movementId) ?? { debit: [], credit: [] };
    legs.set(e.movementId, m);
    if (e.side === 'DEBIT') {
      total.debitFen += e.amountFen;
      r.debitFen += e.amountFen;
      m.debit.push(e.amountFen);
      byAccount[e.account] = (byAccount[e.account] ?? 0) + e.amountFen;
    } else {
      total.creditFen += e.amountFen;
      r.creditFen += e.amountFen;
      m.credit.push(e.amountFen);
      byAccount[e.account] = (byAccount[e.account] ?? 0) - e.amountFen;
    }
  }
  const brokenMovements = [...legs.entries()]
    .filter(([, m]) => m.debit.length !== 1 || m.credit.length !== 1 || m.debit[0] !== m.credit[0])
    .map(([id]) => id)
    .sort();
  for (const r of Object.values(byRecovery)) r.balanced = r.debitFen === r.creditFen;
  total.balanced = total.debitFen === total.creditFen && brokenMovements.length === 0 && Object.values(byRecovery).every((r) => r.balanced);
  return { ...total, byRecovery, byAccount, brokenMovements };
}
