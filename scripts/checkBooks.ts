// npm run check-books: the money invariants on the database at MONGODB_URI (any database: the
// embedded one, a test run's, production's). Prints "books balance" or the first differences,
// and exits 1 when the books do not balance.
import { loadConfig } from '../config';
import { connectDatabase } from '../models/connection';
import { checkBooks } from './books';

async function main(): Promise<void> {
  const db = await connectDatabase(loadConfig().MONGODB_URI);
  try {
    const report = await checkBooks(db);
    const counted = `${report.checked.charges} accumulator charges, ${report.checked.settlements} settlements, ${report.checked.ledgerEntries} recovery ledger entries, ${report.checked.closedClearings} closed clearings, ${report.checked.clearingLedgerEntries} clearing ledger entries`;
    if (report.balanced) {
      process.stdout.write(`books balance (${counted})\n`);
      return;
    }
    process.stdout.write(`books do NOT balance (${counted}); ${report.differences.length} difference(s), first:\n`);
    for (const line of report.differences.slice(0, 20)) process.stdout.write(`  ${line}\n`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`check-books failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
