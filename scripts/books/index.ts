// The books check (npm run check-books): reads one database and reports every difference
// between what the engine keeps and what its money records say (domain/books for the rules).
// The advance fund and clearing books (clearing.ts) are checked with them.
import type mongoose from 'mongoose';
import { accumulatorDifferences } from '../../domain/books/accumulators';
import { ledgerBalance } from '../../domain/recovery/ledger';
import { accumulatorChargeModel, REFUSALS } from '../../models/accumulator';
import { ledgerEntries } from '../../models/ledger';
import { settlementRecordModel } from '../../models/settlementRecord';
import { checkClearingBooks } from './clearing';

export interface BooksReport {
  balanced: boolean;
  checked: { charges: number; settlements: number; ledgerEntries: number; closedClearings: number; clearingLedgerEntries: number };
  differences: string[];
}

export async function checkBooks(db: mongoose.Connection): Promise<BooksReport> {
  const [charges, records, entries] = await Promise.all([
    accumulatorChargeModel(db)
      .find(
        { keyId: { $ne: REFUSALS } },
        { keyId: 1, seq: 1, settlementId: 1, deductibleFen: 1, fundFen: 1, deductibleUsedFen: 1, fundPaidFen: 1 },
      )
      .lean(),
    settlementRecordModel(db).find({ state: 'STORED' }, { accumulatorKeyId: 1, breakdown: 1, reversal: 1 }).lean(),
    ledgerEntries(db),
  ]);
  const settlements = records.map((r) => {
    const taken = (r.breakdown as { accumulator?: { deductibleFen: number; fundFen: number } } | null)?.accumulator;
    return {
      settlementId: r._id,
      accumulatorKeyId: r.accumulatorKeyId,
      deductibleFen: taken?.deductibleFen ?? 0,
      fundFen: taken?.fundFen ?? 0,
      reversed: r.reversal != null,
    };
  });
  const differences = accumulatorDifferences(charges, settlements);
  const ledger = ledgerBalance(entries);
  for (const [recoveryId, line] of Object.entries(ledger.byRecovery)) {
    if (!line.balanced) differences.push(`ledger of ${recoveryId}: debits ${line.debitFen}, credits ${line.creditFen}`);
  }
  for (const movement of ledger.brokenMovements) differences.push(`ledger movement ${movement} lacks a leg or its legs disagree`);
  const clearing = await checkClearingBooks(db);
  differences.push(...clearing.problems);
  return {
    balanced: differences.length === 0,
    checked: {
      charges: charges.length,
      settlements: settlements.length,
      ledgerEntries: entries.length,
      closedClearings: clearing.closedPeriods,
      clearingLedgerEntries: clearing.ledgerEntries,
    },
    differences,
  };
}
