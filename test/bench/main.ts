// `npm run bench`: every figure is a ratio against a baseline measured in the same run on the
// same servers, never a bare time (the machine's speed varies; the ratios are what we track).
//   1. raw Temporal: start-to-completion of a no-op workflow, client -> server -> worker;
//   2. filing cases started through the API (POST /api/v1/filings) against (1);
//   3. settlement quote and stored settlement against a trivial endpoint of the same API
//      (measured first, on servers not yet busy with the cases of 1 and 2);
//   4. a clearing of 100,000 settlements of one pair, lock to statement, against reading those
//      records once from the database (test/bench/clearing.ts), with the worker's memory;
//   5. a bulk import of BENCH_IMPORT_FILINGS filings (X-3, default 20,000) against raw Temporal
//      workflow starts, with the worker's and the Temporal server's memory (test/bench/import.ts).
// After each section it prints the CPU time the API, the worker, FerretDB, Temporal and the bench
// itself spent in it (/proc/<pid>/stat), so a figure also says where its time went.
// Uses BENCH_API_URL + TEMPORAL_ADDRESS of a running stack when given (then only the bench's own
// CPU is known), else starts its own, whose FerretDB skips fsync (its files are thrown away;
// BENCH_FERRETDB_DURABLE=1 measures with the fsyncs `npm start` keeps); FerretDB runs on PostgreSQL
// as in `npm start`, or on SQLite with BENCH_FERRETDB_BACKEND=sqlite. BENCH_ONLY picks sections,
// comma-separated: settlement (3), filing (1 and 2), clearing (4), import (5).
import mongoose from 'mongoose';
import { checkBooks } from '../../scripts/books';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { startTemporalDev } from '../../scripts/servers/temporalDev';
import { startFerret } from '../../scripts/servers/ferret';
import { startPostgres } from '../../scripts/servers/postgres';
import { startAgencySimulator } from '../../scripts/servers/agencySimulator';
import { startApp } from '../../scripts/servers/app';
import { DEV_API_KEYS } from '../../scripts/servers/devKeys';
import { personIdCheckChar } from '../../domain/personId';
import { CpuMeter, runConcurrent, ratio, type RunStats } from './measure';
import { benchSettlement } from './settlement';
import { benchClearing } from './clearing';
import { benchImport } from './import';

const RAW = Number(process.env.BENCH_RAW_WORKFLOWS ?? 300);
const CASES = Number(process.env.BENCH_API_CASES ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** BENCH_ONLY=settlement,filing,...: the sections to run (all when unset), for a quicker loop while tuning one path. */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const runs = (section: 'settlement' | 'filing' | 'clearing' | 'import') => !ONLY || ONLY.has(section);

function personId(i: number): string {
  const first17 = `110101198001${String(10 + (i % 18)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

function line(label: string, s: RunStats): string {
  return `${label.padEnd(34)} ${s.perSecond.toFixed(1).padStart(8)}/s  p50 ${s.p50Ms.toFixed(1).padStart(7)} ms  p99 ${s.p99Ms.toFixed(1).padStart(7)} ms  errors ${s.errors}`;
}

/** 1 and 2: raw Temporal, then filing cases through the API, on the same server. */
async function benchWorkflows(temporalAddress: string, baseUrl: string, cpu: CpuMeter): Promise<void> {
  // 1. Raw Temporal on this server: own task queue, own no-op workflow.
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: temporalAddress });
  const taskQueue = `bench-raw-${process.pid}`;
  const worker = await Worker.create({ connection: native, taskQueue, workflowsPath: require.resolve('./fixtures/noopWorkflow') });
  const cpuLines: string[] = [];
  const raw = await worker.runUntil(async () => {
    await runConcurrent(
      20,
      CONCURRENCY,
      async (i) => void (await client.workflow.execute('noopWorkflow', { taskQueue, workflowId: `warm-${process.pid}-${i}`, args: [i] })),
    );
    cpu.mark();
    const stats = await runConcurrent(RAW, CONCURRENCY, async (i) => {
      await client.workflow.execute('noopWorkflow', { taskQueue, workflowId: `raw-${process.pid}-${i}`, args: [i] });
    });
    cpuLines.push(cpu.line('raw workflows (their worker runs in the bench process)'));
    return stats;
  });
  await native.close();

  // 2. Filing cases through the API: validation, rules, update-with-start, read model written.
  const post = (i: number) =>
    fetch(`${baseUrl}/api/v1/filings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_API_KEYS.clerk440800.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        personId: personId(i),
        scheme: 'EMPLOYEE',
        insuredRegion: '440800',
        treatmentRegion: i % 2 ? '110000' : '310000',
        type: 'OTHER_TEMPORARY',
        commitment: false,
      }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`filing ${res.status}: ${await res.text()}`);
    });
  await runConcurrent(20, CONCURRENCY, (i) => post(900_000 + i));
  cpu.mark();
  const filings = await runConcurrent(CASES, CONCURRENCY, (i) => post(i));
  cpuLines.push(cpu.line('filing cases'));
  await connection.close();

  process.stdout.write('\n== workflows (same server, same run) ==\n');
  process.stdout.write(`${line('raw Temporal no-op workflow', raw)}\n`);
  process.stdout.write(`${line('filing case via API', filings)}\n`);
  process.stdout.write(`ratio filing-cases/raw-workflows throughput: ${ratio(filings.perSecond, raw.perSecond)}\n`);
  process.stdout.write(`ratio filing p99 / raw p99: ${ratio(filings.p99Ms, raw.p99Ms)}\n`);
  for (const cpuLine of cpuLines) process.stdout.write(`${cpuLine}\n`);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stops: Array<() => Promise<void>> = [];
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let baseUrl = process.env.BENCH_API_URL;
  let agencyUrl = process.env.AGENCY_API_URL;
  /** The bench's database, for the books check at the end (S-5, RC-4). */
  let mongoUri = process.env.BENCH_MONGODB_URI;
  /** The stack's processes whose CPU each section reports (none known for a stack started elsewhere). */
  const pids: Record<string, number | undefined> = {};
  if (!baseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-bench-'));
    process.stdout.write(`[bench] starting servers in ${dir}\n`);
    const durable = process.env.BENCH_FERRETDB_DURABLE === '1';
    const pg =
      (process.env.BENCH_FERRETDB_BACKEND ?? 'postgresql') === 'postgresql'
        ? await startPostgres({ dataDir: path.join(dir, 'pg'), durable })
        : undefined;
    const [temporal, ferret, sim] = await Promise.all([
      startTemporalDev({ dataDir: path.join(dir, 'temporal'), uiPort: false }),
      startFerret({
        dataDir: path.join(dir, 'ferret'),
        durable,
        postgresqlUrl: pg && `postgres://${pg.user}@${pg.host}:${pg.port}/postgres`,
      }),
      startAgencySimulator({}),
    ]);
    stops.push(
      () => sim.stop(),
      () => ferret.stop(),
      async () => pg?.stop(),
      () => temporal.stop(),
    );
    temporalAddress = temporal.address;
    agencyUrl = sim.url;
    mongoUri = `${ferret.baseUri}/bench`;
    const app = await startApp({
      env: {
        TEMPORAL_ADDRESS: temporal.address,
        MONGODB_URI: `${ferret.baseUri}/bench`,
        AGENCY_API_URL: sim.url,
        SEED_DEV_KEYS: 'true',
        LOG_LEVEL: 'warn',
      },
      logDir: path.join(dir, 'logs'),
    });
    stops.unshift(() => app.stop());
    baseUrl = app.baseUrl;
    Object.assign(pids, { api: app.api.pid, worker: app.workers[0]?.pid, ferretdb: ferret.pid, postgres: pg?.pid, temporal: temporal.pid });
  }
  const cpu = new CpuMeter(pids);
  if (!temporalAddress) throw new Error('set TEMPORAL_ADDRESS together with BENCH_API_URL');

  try {
    // Settlement first: the workflow benches leave the servers busy for a while afterwards
    // (hundreds of fresh cases), which is their business, not the settlement path's.
    if (runs('settlement')) {
      const cpuLines: string[] = [];
      const settlement = await benchSettlement({
        baseUrl,
        // Each measured phase follows its warm-up: CPU is counted over the measured phase alone.
        onPhase: (phase) => {
          if (phase.endsWith(' warm-up')) cpu.mark();
          else if (phase !== 'filings') cpuLines.push(cpu.line(phase));
        },
      });
      process.stdout.write('\n== settlement (same API, same run) ==\n');
      for (const row of [...settlement.lines, ...cpuLines]) process.stdout.write(`${row}\n`);
    }

    if (runs('filing')) await benchWorkflows(temporalAddress, baseUrl, cpu);

    // 4. P-2: one pair's month of settlements cleared, lock to statement, against reading them once.
    if (runs('clearing')) {
      if (!mongoUri || !agencyUrl) throw new Error('set BENCH_MONGODB_URI and AGENCY_API_URL with BENCH_API_URL to bench the clearing');
      const clearing = await benchClearing({ temporalAddress, mongoUri, agencyUrl });
      process.stdout.write('\n== clearing (same database, same run) ==\n');
      for (const row of clearing.lines) process.stdout.write(`${row}\n`);
    }
    // 5. X-3: an import of existing filings against raw workflow starts, then memory with them open.
    if (runs('import')) {
      const imported = await benchImport({ temporalAddress, baseUrl, cpu, pids });
      process.stdout.write('\n== import (same server, same run) ==\n');
      for (const row of imported) process.stdout.write(`${row}\n`);
    }
    if (mongoUri) await booksAfterTheBench(mongoUri);
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

/** Whatever the load did, the money must still add up: the books check on the bench's database. */
async function booksAfterTheBench(uri: string): Promise<void> {
  const db = await mongoose.createConnection(uri).asPromise();
  try {
    const report = await checkBooks(db);
    process.stdout.write(
      report.balanced
        ? `\nbooks balance after the bench (${report.checked.charges} charges, ${report.checked.settlements} settlements)\n`
        : `\nbooks do NOT balance after the bench:\n  ${report.differences.slice(0, 10).join('\n  ')}\n`,
    );
    if (!report.balanced) process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
