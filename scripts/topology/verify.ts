// What the topology run must show after the kill: every request got its final answer and none was
// ever answered 500; each filing is one ACTIVE case (one read model, one workflow in Temporal's
// PostgreSQL visibility, found by its CaseKind search attribute); each settlement is stored once;
// the inquiry is one case; and the books balance (scripts/books). Each broken promise is one line.
import { Client, Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import { filingViewModel } from '../../models/filingView';
import { inquiryViewModel } from '../../models/inquiryView';
import { settlementRecordModel } from '../../models/settlementRecord';
import { checkBooks, type BooksReport } from '../books';
import type { Outcome } from './client';
import type { LoadReport } from './load';
import type { Topology } from './start';

export interface Verdict {
  problems: string[];
  /** Attempts answered with each status ("none" when the connection failed), over the whole run. */
  statuses: Record<string, number>;
  /** Requests that found their API gone and were answered by the other one with the same key. */
  failedOver: number;
  filingWorkflows: number;
  books: BooksReport;
}

const allOutcomes = (load: LoadReport): Outcome[] => [...load.filings, ...load.settlements, load.inquiry];

async function countFilingWorkflows(address: string, expected: number): Promise<number> {
  const connection = await Connection.connect({ address, connectTimeout: 5000 });
  try {
    const client = new Client({ connection, namespace: 'default' });
    // Visibility is written after the history: give it a moment to catch up.
    let count = 0;
    for (let i = 0; i < 40; i += 1) {
      count = (await client.workflow.count(`CaseKind = 'FILING'`)).count;
      if (count === expected) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return count;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export async function verify(topology: Topology, load: LoadReport): Promise<Verdict> {
  const problems: string[] = [];
  const statuses: Record<string, number> = {};
  let failedOver = 0;
  for (const o of allOutcomes(load)) {
    for (const a of o.attempts) statuses[a.status ?? 'none'] = (statuses[a.status ?? 'none'] ?? 0) + 1;
    if (o.attempts.some((a) => a.status === 500)) problems.push(`${o.label} was answered 500: ${JSON.stringify(o.body)}`);
    if (o.status !== 201) problems.push(`${o.label} ended with ${o.status}: ${JSON.stringify(o.body)?.slice(0, 300)}`);
    const cut = o.attempts.findIndex((a) => a.status === undefined);
    if (cut >= 0 && o.attempts.slice(cut + 1).some((a) => a.api !== o.attempts[cut].api && a.status !== undefined)) failedOver += 1;
  }

  const db = await mongoose.createConnection(topology.env.MONGODB_URI!).asPromise();
  try {
    for (const f of load.filings) {
      const views = await filingViewModel(db).find({ personId: f.personId }, { filingId: 1, status: 1 }).lean();
      if (views.length !== 1 || views[0].status !== 'ACTIVE' || views[0].filingId !== f.body?.id) {
        problems.push(`${f.label}: expected one ACTIVE filing ${f.body?.id}, found ${JSON.stringify(views)}`);
      }
    }
    for (const s of load.settlements) {
      const stored = await settlementRecordModel(db).countDocuments({ personId: s.personId });
      if (stored !== 1) problems.push(`${s.label}: stored ${stored} times`);
    }
    const settlementId = load.settlements[0].body?.id;
    const inquiries = await inquiryViewModel(db).countDocuments({ settlementId });
    if (inquiries !== 1) problems.push(`inquiry on ${settlementId}: ${inquiries} cases`);
    const books = await checkBooks(db);
    problems.push(...books.differences.map((d) => `books: ${d}`));

    const filingWorkflows = await countFilingWorkflows(topology.env.TEMPORAL_ADDRESS!, load.filings.length);
    if (filingWorkflows !== load.filings.length) {
      problems.push(`Temporal lists ${filingWorkflows} filing workflows (CaseKind = 'FILING'), expected ${load.filings.length}`);
    }
    return { problems, statuses, failedOver, filingWorkflows, books };
  } finally {
    await db.close();
  }
}
