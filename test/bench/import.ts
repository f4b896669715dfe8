// Section 5 of `npm run bench` (BENCH_ONLY=import): the bulk import of existing filings
// against raw Temporal workflow starts on the same server in the same run.
//   baseline: client.workflow.start of the no-op workflow (start only, not execute), as many at once
//             as the import starts (IMPORT_START_CONCURRENCY), its worker running in the bench;
//   import:   BENCH_IMPORT_FILINGS lines (default 20,000) through POST /api/v1/imports/filings
//             (NDJSON, one request streaming the file), timed until the 202 (every case started),
//             then until the worker has opened every case (each one's first view stored);
//   memory:   the worker's and the Temporal server's resident set (VmRSS) with those cases open.
import http from 'node:http';
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DEV_API_KEYS } from '../../scripts/servers/devKeys';
import { personIdCheckChar } from '../../domain/personId';
import { addMonthsClamped, isoDateInShanghai } from '../../domain/time';
import { IMPORT_START_CONCURRENCY, importedFilingId } from '../../api/services/imports';
import { performance } from 'node:perf_hooks';
import { type CpuMeter, runConcurrent, ratio, type RunStats } from './measure';

const FILINGS = Number(process.env.BENCH_IMPORT_FILINGS ?? 20_000);
const RAW_STARTS = Number(process.env.BENCH_RAW_STARTS ?? 2_000);
/** How long the import's POST may take before the bench gives up on it. */
const IMPORT_TIMEOUT_MS = Number(process.env.BENCH_IMPORT_TIMEOUT_MS ?? 30 * 60_000);
/** How long the worker may take to open the imported cases after the import answered. */
const OPEN_TIMEOUT_MS = Number(process.env.BENCH_IMPORT_OPEN_TIMEOUT_MS ?? 30 * 60_000);

/** A person of its own per line (born 1975, so never one of the filing section's persons). */
function importPersonId(i: number): string {
  const month = String(1 + (Math.floor(i / 18_000) % 12)).padStart(2, '0');
  const day = String(10 + (Math.floor(i / 1000) % 18)).padStart(2, '0');
  const first17 = `1101011975${month}${day}${String(i % 1000).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

/** The import file: temporaries begun a month ago, long-term filings begun over a year ago (open-ended). */
function importFile(run: string, count: number, today: string): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const common = {
      personId: importPersonId(i),
      insuredRegion: '440800',
      treatmentRegion: i % 2 ? '110000' : '310000',
      sourceId: `BENCH-${run}-${i}`,
    };
    lines.push(
      JSON.stringify(
        i % 4 === 3
          ? {
              ...common,
              scheme: 'EMPLOYEE',
              type: 'LONG_TERM',
              subtype: 'RESETTLED',
              commitment: false,
              proof: { kind: 'HOUSEHOLD_REGISTRATION' },
              validFrom: addMonthsClamped(today, -13),
            }
          : { ...common, scheme: 'RESIDENT', type: 'OTHER_TEMPORARY', commitment: false, validFrom: addMonthsClamped(today, -1) },
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One POST with the whole file, no client-side timeout (the 202 comes once every line is handled). */
function postImport(baseUrl: string, body: string, key: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${baseUrl}/api/v1/imports/filings`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${DEV_API_KEYS.clerk440800.key}`,
          'content-type': 'application/x-ndjson',
          'idempotency-key': key,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: text });
          }
        });
      },
    );
    req.on('error', reject);
    // A wedged stack must fail the bench, not hang it: no answer within the bound is an error.
    req.setTimeout(IMPORT_TIMEOUT_MS, () => req.destroy(new Error(`import: no answer within ${IMPORT_TIMEOUT_MS} ms`)));
    req.end(body);
  });
}

/** Whether the imported case of line i has stored its first view (GET by id: an _id read on every backend). */
async function opened(baseUrl: string, run: string, i: number): Promise<boolean> {
  const id = importedFilingId('440800', `BENCH-${run}-${i}`);
  const res = await fetch(`${baseUrl}/api/v1/filings/${id}`, { headers: { authorization: `Bearer ${DEV_API_KEYS.clerk440800.key}` } });
  await res.arrayBuffer();
  if (res.status !== 200 && res.status !== 404) throw new Error(`GET /filings/${id}: ${res.status}`);
  return res.status === 200;
}

/**
 * Waits until the worker has opened the imported cases: every 50th line's case and the last one
 * (the worker takes them about in the order they were started; counting every view would make the
 * database decode all of them once a second, on FerretDB, and slow the very thing measured).
 */
async function waitUntilOpened(baseUrl: string, run: string, count: number, deadlineMs: number): Promise<number> {
  const probes = [...Array.from({ length: Math.ceil(count / 50) }, (_, k) => k * 50), count - 1];
  let next = 0;
  while (next < probes.length) {
    if (await opened(baseUrl, run, probes[next])) {
      next += 1;
      continue;
    }
    // Out of time: about how many are open (the worker takes them roughly in start order).
    if (performance.now() > deadlineMs) return probes[next];
    await new Promise((r) => setTimeout(r, 500));
  }
  return count;
}

/** Resident memory of a process in MiB (/proc/<pid>/status VmRSS), summed over its live descendants. */
export function residentMiB(rootPid: number | undefined): number {
  if (!rootPid) return NaN;
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  let kib = 0;
  const pending = [rootPid];
  while (pending.length) {
    const pid = pending.pop()!;
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      kib += match ? Number(match[1]) : 0;
    } catch {
      // exited meanwhile
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return kib / 1024;
}

function statsLine(label: string, count: number, seconds: number): string {
  return `${label.padEnd(34)} ${(count / seconds).toFixed(1).padStart(8)}/s  (${count} in the run)`;
}

export async function benchImport(opts: {
  temporalAddress: string;
  baseUrl: string;
  cpu: CpuMeter;
  pids: Record<string, number | undefined>;
}): Promise<string[]> {
  const { temporalAddress, baseUrl, cpu, pids } = opts;
  const lines: string[] = [];
  const cpuLines: string[] = [];

  // Baseline: raw starts of the no-op workflow, at the import's own concurrency, its worker running.
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: temporalAddress });
  const taskQueue = `bench-starts-${process.pid}`;
  const worker = await Worker.create({ connection: native, taskQueue, workflowsPath: require.resolve('./fixtures/noopWorkflow') });
  const starts: RunStats = await worker.runUntil(async () => {
    const start = (id: string, i: number) =>
      client.workflow.start('noopWorkflow', { taskQueue, workflowId: id, args: [i] }).then(() => undefined);
    await runConcurrent(50, IMPORT_START_CONCURRENCY, (i) => start(`start-warm-${process.pid}-${i}`, i));
    cpu.mark();
    const stats = await runConcurrent(RAW_STARTS, IMPORT_START_CONCURRENCY, (i) => start(`start-${process.pid}-${i}`, i));
    cpuLines.push(cpu.line('raw workflow starts (their worker runs in the bench process)'));
    return stats;
  });
  await native.close();
  await connection.close();

  // The import: one streamed POST; then the worker opens every case.
  const run = `${process.pid}-${Date.now()}`;
  const file = importFile(run, FILINGS, isoDateInShanghai(Date.now()));
  cpu.mark();
  const t0 = performance.now();
  const res = await postImport(baseUrl, file, `bench-import-${run}`);
  const importSeconds = (performance.now() - t0) / 1000;
  cpuLines.push(cpu.line(`import of ${FILINGS} filings (POST until its 202)`));
  if (res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  const counts = res.body.progress as { read: number; started: number; rejected: number };
  if (counts.started !== FILINGS || counts.rejected !== 0) {
    throw new Error(
      `import started ${counts.started} of ${FILINGS} (rejected ${counts.rejected}): ${JSON.stringify(res.body).slice(0, 500)}`,
    );
  }
  const mib = (n: number) => (Number.isNaN(n) ? 'unknown (stack started elsewhere)' : `${n.toFixed(0)} MiB`);
  const memory = () => `worker ${mib(residentMiB(pids.worker))}, temporal server ${mib(residentMiB(pids.temporal))}`;
  const memoryAtStart = memory();
  cpu.mark();
  const openedCount = await waitUntilOpened(baseUrl, run, FILINGS, t0 + OPEN_TIMEOUT_MS);
  const openSeconds = (performance.now() - t0) / 1000;
  cpuLines.push(cpu.line('the worker opening the imported cases after the 202'));

  const rawPerSecond = starts.perSecond;
  lines.push(statsLine('raw Temporal workflow starts', starts.count - starts.errors, starts.seconds));
  lines.push(statsLine('import: cases started (202)', FILINGS, importSeconds));
  lines.push(statsLine('import: cases opened (views)', openedCount, openSeconds));
  lines.push(`ratio import/raw-starts throughput: ${ratio(FILINGS / importSeconds, rawPerSecond)}`);
  lines.push(`ratio import-opened/raw-starts throughput: ${ratio(openedCount / openSeconds, rawPerSecond)}`);
  if (openedCount < FILINGS)
    lines.push(`opened within BENCH_IMPORT_OPEN_TIMEOUT_MS: about ${openedCount} of ${FILINGS} (the rest still waiting for the worker)`);
  lines.push(`resident memory at the 202, ${FILINGS} cases started: ${memoryAtStart}`);
  lines.push(`resident memory with ${FILINGS} imported cases open (${openedCount} opened): ${memory()}`);
  return [...lines, ...cpuLines];
}
