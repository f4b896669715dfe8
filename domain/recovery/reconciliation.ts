// RC-3 reconcile, RC-4: a recovery is reconciled when finance recorded its one transfer as
// ordered and the recovery's own ledger balances with the money on the fund account that paid
// and nothing left in the collection account. Each disagreement is one problem a clerk reads.
import type { LedgerBalance } from './ledger';

export interface ExpectedTransfer {
  transferId: string;
  fromAccount: string;
  toAccount: string;
  amountFen: number;
}

/** What finance has on record for the transfer (null: nothing under that id). */
export interface FinanceTransfer {
  fromAccount: string;
  toAccount: string;
  amountFen: number;
}

export function reconciliationProblems(expected: ExpectedTransfer, finance: FinanceTransfer | null, ledger: LedgerBalance): string[] {
  const problems: string[] = [];
  if (!finance) problems.push(`finance has no transfer ${expected.transferId}`);
  else {
    if (finance.amountFen !== expected.amountFen) problems.push(`finance amount ${finance.amountFen} != ${expected.amountFen}`);
    if (finance.toAccount !== expected.toAccount) problems.push(`finance credited ${finance.toAccount}, not ${expected.toAccount}`);
    if (finance.fromAccount !== expected.fromAccount) problems.push(`finance debited ${finance.fromAccount}, not ${expected.fromAccount}`);
  }
  if (!ledger.balanced) {
    problems.push(`ledger unbalanced: debits ${ledger.debitFen}, credits ${ledger.creditFen}, broken ${ledger.brokenMovements.join(',')}`);
  }
  const onTarget = ledger.byAccount[expected.toAccount] ?? 0;
  if (onTarget !== expected.amountFen) problems.push(`ledger credits ${onTarget} to ${expected.toAccount}, expected ${expected.amountFen}`);
  const leftInCollection = ledger.byAccount[expected.fromAccount] ?? 0;
  if (leftInCollection !== 0) problems.push(`collection account ${expected.fromAccount} keeps ${leftInCollection} of this recovery`);
  return problems;
}

/** What one reconciliation found (the reconcileRecovery activity's answer). */
export interface ReconciliationReport {
  matched: boolean;
  financeAmountFen: number;
  ledgerBalanced: boolean;
  /** Ledger legs that were missing (a write cut short) and were written again. */
  repairedEntries: string[];
  problems: string[];
}
