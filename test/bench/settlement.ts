// Settlement path benchmark (issue 4): quote and stored settlement at a fixed offered load,
// each next to a trivial endpoint (GET /healthz) of the same API measured in the same run, so
// the figures that matter are ratios, not the machine's speed.
//
// Open loop: requests are sent on a fixed schedule whatever the answers do, and latency is
// counted from the scheduled send time, so a stalled server shows up in p99 instead of
// quietly slowing the sender down (coordinated omission). In-flight requests are bounded; a
// request that would exceed the bound is counted as dropped.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { personIdCheckChar } from '../../domain/personId';
import { DEV_API_KEYS } from '../../scripts/servers/devKeys';
import { percentile, ratio } from './measure';
import { FILING_RECHECK_MS } from '../../api/services/settlementFilings';

export interface BenchSettlementOptions {
  baseUrl: string;
  hospitalKey?: string;
  clerkKey?: string;
  /** Persons that already hold a 440800 -> 110000 filing; default: the bench files its own. */
  filingPersonIds?: string[];
  /**
   * Persons to file when none are given. Bills spread over them as over patients: a person's
   * bills are charged one after another (S-5), so too few persons would measure that queue.
   */
  persons?: number;
  /** Offered load per phase, requests per second. */
  ratePerSecond?: number;
  /** Length of each measured phase. */
  seconds?: number;
  maxInFlight?: number;
  warmupRequests?: number;
  /** Seconds at the offered rate between the warm-up pass and the measured phase. */
  steadySeconds?: number;
  /** Called after each phase (filings, each warm-up, each measured phase) e.g. to read CPU counters. */
  onPhase?: (phase: string) => void;
}

export interface LoadStats {
  offeredPerSecond: number;
  achievedPerSecond: number;
  sent: number;
  ok: number;
  errors: number;
  dropped: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface BenchSettlementResult {
  healthz: LoadStats;
  quote: LoadStats;
  stored: LoadStats;
  ratios: {
    quoteP50: number;
    quoteP99: number;
    storedP50: number;
    storedP99: number;
    quoteThroughput: number;
    storedThroughput: number;
  };
  /** Whether the absolute aims of issue 4 held in this run (quote p99 < 10 ms, stored p99 < 50 ms). */
  aims: { quoteP99Under10Ms: boolean; storedP99Under50Ms: boolean };
  lines: string[];
}

/** Worked-example lines (DOMAIN.md section 9). */
const LINES = [
  { code: 'A001', name: '床位费', class: 'A', amountFen: 600000 },
  { code: 'B001', name: '乙类药品', class: 'B', amountFen: 300000, selfSharePercent: 10 },
  { code: 'S001', name: '自费项目', class: 'SELF', amountFen: 100000 },
];

function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function benchPerson(run: number, i: number): string {
  // Birth year varies per run so repeated runs on one stack mostly use fresh persons.
  const first17 = `440802${1940 + (run % 60)}0101${String(i % 1000).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

/**
 * Node's own HTTP client on kept-alive sockets: the load generator shares the machine with the
 * servers it measures, and fetch costs it about twice the CPU per request.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(baseUrl: string, method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sends `task(i)` at `rate` per second for `seconds`, at most `maxInFlight` at once. */
export async function offeredLoad(
  rate: number,
  seconds: number,
  maxInFlight: number,
  task: (i: number) => Promise<boolean>,
): Promise<LoadStats> {
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let dropped = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    // Send everything that is due (timers are coarse; the schedule is not).
    while (next < total && start + next * interval <= now) {
      const scheduled = start + next * interval;
      const i = next;
      next += 1;
      if (inFlight >= maxInFlight) {
        dropped += 1;
        continue;
      }
      inFlight += 1;
      pending.push(
        task(i)
          .then(
            (good) => (good ? (ok += 1) : (errors += 1)),
            () => (errors += 1),
          )
          .then(() => {
            latencies.push(performance.now() - scheduled);
            inFlight -= 1;
          }),
      );
    }
    if (next < total) await new Promise((r) => setTimeout(r, Math.max(0, start + next * interval - performance.now())));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    offeredPerSecond: rate,
    achievedPerSecond: ok / elapsed,
    sent: total - dropped,
    ok,
    errors,
    dropped,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies[latencies.length - 1] ?? NaN,
  };
}

function row(label: string, s: LoadStats): string {
  return (
    `${label.padEnd(30)} offered ${s.offeredPerSecond.toFixed(0).padStart(4)}/s  achieved ${s.achievedPerSecond.toFixed(1).padStart(6)}/s` +
    `  p50 ${s.p50Ms.toFixed(1).padStart(6)} ms  p99 ${s.p99Ms.toFixed(1).padStart(6)} ms  max ${s.maxMs.toFixed(1).padStart(6)} ms` +
    `  errors ${s.errors}  dropped ${s.dropped}`
  );
}

export async function benchSettlement(opts: BenchSettlementOptions): Promise<BenchSettlementResult> {
  const baseUrl = opts.baseUrl;
  const hospitalKey = opts.hospitalKey ?? DEV_API_KEYS.hospital110000.key;
  const clerkKey = opts.clerkKey ?? DEV_API_KEYS.clerk440800.key;
  const rate = opts.ratePerSecond ?? Number(process.env.BENCH_SETTLEMENT_RATE ?? 200);
  const seconds = opts.seconds ?? Number(process.env.BENCH_SETTLEMENT_SECONDS ?? 10);
  const maxInFlight = opts.maxInFlight ?? 256;
  const warmup = opts.warmupRequests ?? 400;
  // One whole refresh cycle of the per-person memories (FILING_RECHECK_MS), so the measured
  // phase starts in their steady rhythm rather than in the wave of the first refreshes.
  const steadySeconds = opts.steadySeconds ?? Number(process.env.BENCH_SETTLEMENT_STEADY_SECONDS ?? FILING_RECHECK_MS / 1000);
  const date = today();

  let persons = opts.filingPersonIds;
  if (!persons?.length) {
    const run = Math.floor(Math.random() * 1_000_000);
    const created = Array.from({ length: opts.persons ?? 200 }, (_, i) => benchPerson(run, i));
    let next = 0;
    const fileNext = async () => {
      while (next < created.length) {
        const personId = created[next];
        next += 1;
        const res = await call(baseUrl, 'POST', '/api/v1/filings', clerkKey, {
          personId,
          scheme: 'EMPLOYEE',
          insuredRegion: '440800',
          treatmentRegion: '110000',
          type: 'OTHER_TEMPORARY',
          commitment: false,
        });
        if (res.status !== 201) throw new Error(`bench filing for ${personId}: ${res.status} ${res.text}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, fileNext));
    persons = created;
  }
  const people = persons;
  const billFor = (i: number) => ({
    personId: people[i % people.length],
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '440800',
    treatmentRegion: '110000',
    hospitalId: 'H110000001',
    hospitalLevel: 3,
    visitType: 'INPATIENT',
    admissionDate: date,
    dischargeDate: date,
    lines: LINES,
  });

  const healthz = async () => (await call(baseUrl, 'GET', '/healthz')).status === 200;
  const quote = async (i: number) => (await call(baseUrl, 'POST', '/api/v1/settlements/quote', hospitalKey, billFor(i))).status === 200;
  // Every stored settlement carries an Idempotency-Key, as the API requires of money writes (S-5).
  const stored = async (i: number) =>
    (await call(baseUrl, 'POST', '/api/v1/settlements', hospitalKey, billFor(i), { 'Idempotency-Key': `bench-${randomUUID()}` })).status ===
    201;

  // Each path is warmed up (JIT, pools, the per-person memories) right before it is measured,
  // so every phase measures the steady state of that path: a first pass touches every person
  // (their first bills search the filings, which is slow on the dev database and may take
  // longer than the pass is long), a second one at the offered rate (steadySeconds) lets the
  // memories settle into their steady refresh rhythm.
  const measure = async (name: string, task: (i: number) => Promise<boolean>) => {
    await offeredLoad(rate, warmup / rate, maxInFlight, task);
    await offeredLoad(rate, steadySeconds, maxInFlight, task);
    opts.onPhase?.(`${name} warm-up`);
    const stats = await offeredLoad(rate, seconds, maxInFlight, task);
    opts.onPhase?.(name);
    return stats;
  };
  opts.onPhase?.('filings');
  const base = await measure('healthz', healthz);
  const q = await measure('quote', quote);
  const s = await measure('stored', stored);

  const ratios = {
    quoteP50: q.p50Ms / base.p50Ms,
    quoteP99: q.p99Ms / base.p99Ms,
    storedP50: s.p50Ms / base.p50Ms,
    storedP99: s.p99Ms / base.p99Ms,
    quoteThroughput: q.achievedPerSecond / base.achievedPerSecond,
    storedThroughput: s.achievedPerSecond / base.achievedPerSecond,
  };
  const aims = { quoteP99Under10Ms: q.p99Ms < 10, storedP99Under50Ms: s.p99Ms < 50 };
  const lines = [
    row('GET /healthz (baseline)', base),
    row('POST /settlements/quote', q),
    row('POST /settlements (stored, keyed)', s),
    `ratio quote/healthz   p50 ${ratio(q.p50Ms, base.p50Ms)}  p99 ${ratio(q.p99Ms, base.p99Ms)}  throughput ${ratio(q.achievedPerSecond, base.achievedPerSecond)}`,
    `ratio stored/healthz  p50 ${ratio(s.p50Ms, base.p50Ms)}  p99 ${ratio(s.p99Ms, base.p99Ms)}  throughput ${ratio(s.achievedPerSecond, base.achievedPerSecond)}`,
    `aims at ${rate}/s: quote p99 < 10 ms ${aims.quoteP99Under10Ms ? 'met' : 'MISSED'}; stored p99 < 50 ms ${aims.storedP99Under50Ms ? 'met' : 'MISSED'}`,
  ];
  return { healthz: base, quote: q, stored: s, ratios, aims, lines };
}
