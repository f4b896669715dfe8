// At the end of the stack suite, the books check runs on every database the run left behind
// (each API test app has its own): the accumulators equal the sum of their non-reversed
// settlements and every ledger balances. A difference fails the run, naming the database.
import mongoose from 'mongoose';
import { withDatabase } from '../../scripts/servers/ferret';
import { checkBooks } from '../../scripts/books';

export async function checkBooksOfRun(serverUri: string): Promise<{ databases: number; differences: string[] }> {
  const admin = await mongoose.createConnection(withDatabase(serverUri, 'admin')).asPromise();
  let names: string[];
  try {
    names = (await admin.db!.admin().listDatabases()).databases.map((d) => d.name).filter((n) => !['admin', 'local', 'config'].includes(n));
  } finally {
    await admin.close();
  }
  const differences: string[] = [];
  for (const name of names) {
    const db = await mongoose.createConnection(withDatabase(serverUri, name)).asPromise();
    try {
      const report = await checkBooks(db);
      differences.push(...report.differences.map((d) => `${name}: ${d}`));
    } finally {
      await db.close();
    }
  }
  return { databases: names.length, differences };
}
