// Clearing benchmark (P-2): one pair's month of 100,000 direct settlements (BENCH_CLEARING_SETTLEMENTS)
// cleared by the real clearing workflow and activities, from the lock to the statement, measured
// against reading those same records once from the database in the same run; and the memory of
// the worker that hosts it (this process: the clearing runs on a worker of its own here).
// The records are written straight into the database and uploaded to the agency simulator first,
// as the settlement path and the daily upload would have; neither is timed.
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type mongoose from 'mongoose';
import { createActivities } from '../../activities';
import { createAgencyClient } from '../../activities/agencyClient';
import { createClearingAgencyClient, type UploadedItem } from '../../activities/clearingAgency';
import { systemClock } from '../../clock';
import { connectDatabase } from '../../models/connection';
import { ensureEngineIndexes } from '../../models/indexes';
import { settlementRecordModel } from '../../models/settlementRecord';
import { clearingViewModel } from '../../models/clearing';
import { loadPolicyRegistry } from '../../policies/registry';
import { clearingIdOf, previousPeriod } from '../../domain/clearing/periods';
import { isoDateInShanghai } from '../../domain/time';
import type { ClearingDocument } from '../../workflows/clearing/definitions';
import { ratio } from './measure';

export interface BenchClearingOptions {
  temporalAddress: string;
  mongoUri: string;
  agencyUrl: string;
  settlements?: number;
}

const BATCH = 1000;
const INSURED = '440800';

function record(i: number, treatmentRegion: string, period: string) {
  const id = `STL-bench-${treatmentRegion}-${period}-${String(i).padStart(7, '0')}`;
  const fundFen = 10_000 + (i % 997) * 13;
  const scheme = i % 3 ? 'EMPLOYEE' : 'RESIDENT';
  const visitType = ['INPATIENT', 'OUTPATIENT', 'CHRONIC'][i % 3];
  return {
    _id: id,
    settlementId: id,
    kind: 'DIRECT',
    state: 'STORED',
    personId: `bench-${i}`,
    scheme,
    personCategory: 'IN_SERVICE',
    insuredRegion: INSURED,
    treatmentRegion,
    hospitalId: `H${treatmentRegion}001`,
    hospitalLevel: 3,
    visitType,
    admissionDate: `${period}-10`,
    dischargeDate: `${period}-12`,
    totalFen: fundFen * 2,
    eligibleFen: fundFen * 2,
    fundFen,
    personalFen: fundFen,
    filingId: null,
    period,
    request: null,
    breakdown: { id, settledAt: `${period}-12T10:00:00.000+08:00`, fundFen },
    submittedBy: 'bench',
    createdAt: new Date(),
    policyRegion: INSURED,
    policyVersion: 'bench',
    accumulatorKeyId: `bench-${i}`,
    storedAt: new Date(),
    commitmentFilingId: null,
    requestHash: null,
    reversal: null,
  };
}

async function seed(db: mongoose.Connection, n: number, treatmentRegion: string, period: string, agencyUrl: string): Promise<void> {
  const collection = settlementRecordModel(db).collection;
  const agency = createClearingAgencyClient({ baseUrl: agencyUrl, timeoutMs: 60_000 });
  for (let i = 0; i < n; i += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, n - i) }, (_, k) => record(i + k, treatmentRegion, period));
    await collection.insertMany(docs as never[], { ordered: false });
    const items: UploadedItem[] = docs.map((d) => ({
      kind: 'SETTLEMENT',
      settlementId: d._id,
      insuredRegion: INSURED,
      period,
      fundFen: d.fundFen,
      scheme: d.scheme,
      visitType: d.visitType,
      hospitalId: d.hospitalId,
      settledAt: d.breakdown.settledAt,
    }));
    await agency.uploadSettlements(treatmentRegion, { day: `${period}-12`, items }, `bench-upload-${treatmentRegion}-${period}-${i}`);
  }
}

export async function benchClearing(opts: BenchClearingOptions): Promise<{ lines: string[] }> {
  const n = opts.settlements ?? Number(process.env.BENCH_CLEARING_SETTLEMENTS ?? 100_000);
  // A treatment region of its own per run, so a rerun against the same stack clears fresh records.
  const treatmentRegion = String(500000 + (Date.now() % 400) * 100);
  const period = previousPeriod(isoDateInShanghai(Date.now()).slice(0, 7));
  // A database of its own: these records have no accumulator charges (the books check of the
  // settlement bench's database must not see them).
  const db = await connectDatabase(opts.mongoUri.replace(/\/([^/?]+)(\?|$)/, '/$1_clearing$2'));
  await ensureEngineIndexes(db);
  const lines: string[] = [];
  try {
    const seedStart = performance.now();
    await seed(db, n, treatmentRegion, period, opts.agencyUrl);
    lines.push(
      `seeded ${n} settlements of ${INSURED}->${treatmentRegion} ${period} (and uploaded them) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (not timed)`,
    );

    // Baseline: those records read once, with the fields the clearing needs.
    const readStart = performance.now();
    const read = await settlementRecordModel(db)
      .find(
        { insuredRegion: INSURED, treatmentRegion, kind: 'DIRECT', state: 'STORED', period },
        { _id: 1, fundFen: 1, scheme: 1, visitType: 1, hospitalId: 1, period: 1, reversal: 1 },
      )
      .lean();
    const readMs = performance.now() - readStart;
    if (read.length !== n) throw new Error(`read ${read.length} records, expected ${n}`);

    // The clearing on a worker of this process, with the real activities.
    const policies = loadPolicyRegistry('policies');
    const native = await NativeConnection.connect({ address: opts.temporalAddress });
    const connection = await Connection.connect({ address: opts.temporalAddress });
    const client = new Client({ connection });
    const taskQueue = `bench-clearing-${process.pid}`;
    const transport = { baseUrl: opts.agencyUrl, timeoutMs: 60_000 };
    const worker = await Worker.create({
      connection: native,
      taskQueue,
      workflowsPath: require.resolve('../../workflows'),
      activities: createActivities({
        db,
        agency: createAgencyClient(transport),
        policies,
        clock: systemClock,
        clearingAgency: createClearingAgencyClient(transport),
      }),
    });
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const clearingId = clearingIdOf(INSURED, treatmentRegion, period);
    const c = policies.forRegion(INSURED).clearing.clearing;
    let doc: ClearingDocument | undefined;
    const startMs = performance.now();
    await worker.runUntil(async () => {
      await client.workflow.start('clearingWorkflow', {
        workflowId: clearingId,
        taskQueue,
        args: [
          {
            clearingId,
            period,
            insuredRegion: INSURED,
            treatmentRegion,
            terms: { dueDay: c.dueDay, reminderDaysBefore: [...c.reminderDaysBefore], escalationRepeatDays: c.escalationRepeatDays },
          },
        ],
      });
      for (;;) {
        const row = await clearingViewModel(db).findById(clearingId, { document: 1 }).lean();
        doc = row?.document as ClearingDocument | undefined;
        if (doc?.statement) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    const clearingMs = performance.now() - startMs;
    clearInterval(sampler);
    await native.close();
    await connection.close();
    const s = doc!.statement!;
    const expected = read.reduce((sum, r) => sum + r.fundFen, 0);
    if (s.count !== n || s.fundFen !== expected) throw new Error(`statement ${s.count} / ${s.fundFen} fen, records ${n} / ${expected}`);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    lines.push(`read ${n} records once: ${readMs.toFixed(0)} ms`);
    lines.push(
      `clearing of ${n} settlements, lock to statement (${doc!.reconciliation.matched} matched): ${(clearingMs / 1000).toFixed(1)} s`,
    );
    lines.push(`ratio clearing-to-statement / read-once: ${ratio(clearingMs, readMs)}`);
    lines.push(
      `worker memory during the clearing: peak rss ${mb(peakRss)} MB (+${mb(peakRss - baseline.rss)} MB), peak heap ${mb(peakHeap)} MB (+${mb(peakHeap - baseline.heapUsed)} MB)`,
    );
  } finally {
    await db.close();
  }
  return { lines };
}
