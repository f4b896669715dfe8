// The books check for the advance fund and clearing (P-1, P-2, P-4, P-6), for `npm run check-books`:
//  - every closed (PAID) period: its statement's fund equals the sum of its reconciled records,
//    recomputed from the lines its lock counted (clearing_items) and its exceptions as resolved,
//    and its count equals the settlements among them;
//  - the advance and clearing ledger balances: debits equal credits overall and per case, and
//    every movement has exactly its two legs;
//  - no bank fee touches an insured fund account (P-4).
import type mongoose from 'mongoose';
import { isFundAccount, lineOfResolved } from '../../domain/clearing';
import { clearingViewModel } from '../../models/clearing';
import { checkClearingLedger, clearingLedgerEntries } from '../../models/clearingLedger';
import { linesOf } from '../../activities/clearingActivities';
import type { ClearingDocument } from '../../workflows/clearing/definitions';

export interface ClearingBooksReport {
  closedPeriods: number;
  ledgerEntries: number;
  balanced: boolean;
  problems: string[];
}

export async function checkClearingBooks(db: mongoose.Connection): Promise<ClearingBooksReport> {
  const problems: string[] = [];
  const paid = await clearingViewModel(db).find({ status: 'PAID' }, { document: 1 }).lean();
  for (const row of paid) {
    const doc = row.document as ClearingDocument;
    const s = doc.statement;
    if (!s) {
      problems.push(`${doc.id}: closed without a statement`);
      continue;
    }
    if (doc.rates.reconciliationPercent !== 100 || doc.rates.settlementPercent !== 100 || doc.rates.applicationPercent !== 100) {
      problems.push(`${doc.id}: closed below 100% (${JSON.stringify(doc.rates)})`);
    }
    const ours = await linesOf(db, doc.id);
    const differing = new Set(doc.exceptions.filter((e) => !e.carriedFrom).map((e) => e.lineId));
    const lines = ours.filter((l) => !differing.has(l.lineId)).map((l) => ({ kind: l.kind, fundFen: l.fundFen }));
    for (const e of doc.exceptions) {
      if (!e.resolution) problems.push(`${doc.id}: exception ${e.id} closed unresolved`);
      const l = lineOfResolved(e);
      if (l) lines.push({ kind: l.kind, fundFen: l.fundFen });
    }
    const fundFen = lines.reduce((n, l) => n + l.fundFen, 0);
    const count = lines.filter((l) => l.kind === 'SETTLEMENT').length;
    if (fundFen !== s.fundFen) problems.push(`${doc.id}: statement fund ${s.fundFen} fen, its reconciled records sum to ${fundFen}`);
    if (count !== s.count) problems.push(`${doc.id}: statement count ${s.count}, its reconciled records ${count}`);
    if (s.netDueFen !== s.fundFen - s.recoveryOffsetFen) problems.push(`${doc.id}: net due ${s.netDueFen} is not fund minus offsets`);
    if (doc.payment && doc.payment.amountFen !== s.netDueFen)
      problems.push(`${doc.id}: paid ${doc.payment.amountFen}, net due ${s.netDueFen}`);
  }
  const balance = await checkClearingLedger(db);
  if (!balance.balanced) {
    problems.push(
      `clearing ledger: debits ${balance.debitFen} credits ${balance.creditFen}; broken movements ${balance.brokenMovements.join(', ') || 'none'}`,
    );
    for (const [caseId, c] of Object.entries(balance.byCase))
      if (!c.balanced) problems.push(`clearing ledger ${caseId}: ${c.debitFen} != ${c.creditFen}`);
  }
  const entries = await clearingLedgerEntries(db);
  for (const e of entries)
    if (e.step === 'BANK_FEE' && isFundAccount(e.account))
      problems.push(`${e.entryId}: a bank fee booked to the fund account ${e.account} (P-4)`);
  return { closedPeriods: paid.length, ledgerEntries: entries.length, balanced: balance.balanced, problems };
}
