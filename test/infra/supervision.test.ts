// Issue 14 item 9: the embedded stack survives the crash of one part. `tsx scripts/stack.ts` runs
// as `npm start` runs it (its own data folder and ports shifted by STACK_PORT_OFFSET, beside the
// suite's servers and any developer's stack); a burst of 60 filings is sent and the worker is
// killed with SIGKILL in the middle of it. The stack must restart the worker and leave the others
// running; a request either succeeds or gets a catalogue 503 that the client retries with the
// same Idempotency-Key (never a bare 500, never a dropped connection); every filing ends ACTIVE,
// exactly once per person; and Ctrl-C (SIGINT) then stops every process the stack started.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { personIdCheckChar } from '../../domain/personId';
import { DEV_API_KEYS } from '../../scripts/servers/devKeys';
import { freePort, portInUse, REPO_ROOT, sleep } from '../../scripts/servers/process';
import { longTermFiling } from '../support/filingRequests';

jest.setTimeout(240_000);

const BURST = 60;
const CLERK = DEV_API_KEYS.clerk440800.key;
/** The fixed ports of the embedded stack, shifted by STACK_PORT_OFFSET (scripts/stack.ts). */
const FIXED_PORTS = [7233, 8233, 27017, 4100];

/** An offset whose four ports are free, kept below the ephemeral range that free ports come from. */
async function freeOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 1000 + Math.floor(Math.random() * 4700);
    const busy = await Promise.all(FIXED_PORTS.map((p) => portInUse(p + offset)));
    if (!busy.some(Boolean)) return offset;
  }
  throw new Error('no free STACK_PORT_OFFSET found');
}

/** Every live descendant of `root` (by parent pid, from /proc): the stack's process tree. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // state, ppid, ...
      if (fields[0] !== 'Z') parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length) {
    const next = [...parentOf].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A valid person ID per index (a fresh database, so unique within the run is enough). */
function personId(i: number): string {
  const first17 = `440802${'19800101'}${String(100 + i).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

interface Outcome {
  attempts: number;
  statuses: number[];
  codes: string[];
  dropped: string[];
  id?: string;
  finalStatus?: number;
}

describe('the embedded stack under supervision', () => {
  let stack: ChildProcess;
  let output = '';
  let dataDir: string;
  let baseUrl: string;
  let runDir: string;
  let treeBeforeStop: number[] = [];
  let offset: number;
  let port: number;

  const waitForOutput = async (pattern: RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (stack.exitCode !== null || stack.signalCode) throw new Error(`the stack exited:\n${output.slice(-4000)}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the stack's output within ${timeoutMs} ms:\n${output.slice(-4000)}`);
      await sleep(100);
    }
  };
  const pidOf = (name: string) => Number(readFileSync(path.join(runDir, `${name}.pid`), 'utf8').trim());

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'crs-supervision-'));
    runDir = path.join(dataDir, 'run');
    [offset, port] = [await freeOffset(), await freePort()];
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env };
    // globalSetup pointed these at the suite's servers; the stack must embed its own
    for (const name of ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'AGENCY_API_URL', 'WORKFLOW_BUNDLE_PATH', 'TEST_DATA_DIR']) delete env[name];
    Object.assign(env, {
      STACK_DATA_DIR: dataDir,
      STACK_PORT_OFFSET: String(offset),
      PORT: String(port),
      WORKER_METRICS_PORT: '0', // a developer's stack may hold the default exporter port
      LOG_LEVEL: 'warn',
    });
    stack = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/stack.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    stack.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await waitForOutput(/A part that dies is restarted; Ctrl-C stops everything/, 180_000);
  });

  afterAll(async () => {
    // Only if an assertion failed before the Ctrl-C: end what this test started, by pid.
    for (const pid of [...treeBeforeStop, ...(stack?.pid ? descendants(stack.pid) : []), stack?.pid ?? 0]) {
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts a worker killed in a burst of 60 filings; every filing ends ACTIVE once; Ctrl-C stops everything', async () => {
    const apiPid = pidOf('api');
    const workerPid = pidOf('worker');
    expect(output).toContain(`worker running as pid ${workerPid}`);

    const fileOne = async (i: number, onAttempt: (status: number) => void): Promise<Outcome> => {
      const body = JSON.stringify(longTermFiling({ personId: personId(i) }));
      const key = randomUUID();
      const outcome: Outcome = { attempts: 0, statuses: [], codes: [], dropped: [] };
      for (;;) {
        outcome.attempts += 1;
        let res: Response;
        try {
          res = await fetch(`${baseUrl}/api/v1/filings`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${CLERK}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body,
          });
        } catch (err) {
          outcome.dropped.push(String((err as Error & { cause?: Error }).cause ?? err));
          return outcome;
        }
        const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { code?: string } };
        outcome.statuses.push(res.status);
        onAttempt(res.status);
        outcome.codes.push(json.error?.code ?? '');
        const retryable = res.status === 503 || json.error?.code === 'IDEMPOTENCY_IN_PROGRESS';
        if (!retryable || outcome.attempts >= 200) {
          outcome.finalStatus = res.status;
          outcome.id = json.id;
          return outcome;
        }
        await sleep(Math.min(Number(res.headers.get('retry-after') ?? 1) * 1000, 2000));
      }
    };

    // The burst, and SIGKILL to the worker once 10 filings were created: the other 50 are in flight.
    const t0 = Date.now();
    let created = 0;
    let finished = 0;
    let killed: { created: number; finished: number; atMs: number } | undefined;
    const onAttempt = (status: number) => {
      if (status !== 201 || ++created !== 10) return;
      process.kill(workerPid, 'SIGKILL');
      killed = { created, finished, atMs: Date.now() - t0 };
    };
    const burst = Array.from({ length: BURST }, (_, i) => fileOne(i, onAttempt).finally(() => (finished += 1)));
    const outcomes = await Promise.all(burst);
    const burstMs = Date.now() - t0;
    expect(killed).toBeDefined();
    expect(killed!.finished).toBeLessThan(BURST - 10); // killed in the middle of the burst

    // No dropped connection, no bare 500; every request ends 201 with an id.
    const all = outcomes.flatMap((o) => o.statuses);
    expect(outcomes.flatMap((o) => o.dropped)).toEqual([]);
    expect(all.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // A 503 is one of the catalogue's, never an anonymous error body.
    const codesOf503 = outcomes.flatMap((o) => o.statuses.flatMap((s, k) => (s === 503 ? [o.codes[k]] : [])));
    for (const code of codesOf503) expect(['WORKER_UNAVAILABLE', 'TEMPORAL_UNAVAILABLE']).toContain(code);
    expect(outcomes.map((o) => o.finalStatus)).toEqual(outcomes.map(() => 201));
    const ids = outcomes.map((o) => o.id!);
    expect(new Set(ids).size).toBe(BURST);

    // The log: the worker died, was restarted, and nothing else was.
    await waitForOutput(/worker is back \(restart 1, /, 60_000);
    expect(output).toMatch(/\[stack\] worker was killed by SIGKILL unexpectedly; restarting it in \d+\.\d s/);
    expect(output).not.toMatch(/\b(api|agency-sim|ferretdb|postgres|temporal) (was killed|exited with code \S+) unexpectedly/);
    expect(pidOf('worker')).not.toBe(workerPid);
    expect(alive(pidOf('worker'))).toBe(true);
    expect(pidOf('api')).toBe(apiPid);
    const crashLog = readFileSync(path.join(dataDir, 'logs', 'worker.log'), 'utf8');
    expect(crashLog.match(/^=== /gm)?.length).toBe(2); // the first start and the restart

    // Every accepted filing is ACTIVE, and its person has exactly one filing.
    const get = async (url: string) => {
      const res = await fetch(`${baseUrl}${url}`, { headers: { Authorization: `Bearer ${CLERK}` } });
      expect(res.status).toBe(200);
      return (await res.json()) as { id: string; status: string; items?: Array<{ id: string }> };
    };
    for (let i = 0; i < BURST; i++) {
      const filing = await get(`/api/v1/filings/${ids[i]}`);
      expect({ i, status: filing.status }).toEqual({ i, status: 'ACTIVE' });
      const page = await get(`/api/v1/filings?personId=${personId(i)}`);
      expect({ i, ids: page.items!.map((f) => f.id) }).toEqual({ i, ids: [ids[i]] });
    }
    const retried = outcomes.filter((o) => o.attempts > 1).length;
    const tally = Object.entries(codesOf503.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {}));
    process.stdout.write(
      `[supervision] worker killed ${killed!.atMs} ms into the burst with ${killed!.finished}/${BURST} filings finished; ` +
        `${retried}/${BURST} filings needed a retry; 503 answers: ${tally.map(([c, n]) => `${n} ${c}`).join(', ') || 'none'}; ` +
        `every filing answered 201 after ${burstMs} ms\n`,
    );

    // Ctrl-C: everything stops, nothing is left behind.
    treeBeforeStop = descendants(stack.pid!);
    expect(treeBeforeStop).toEqual(expect.arrayContaining([apiPid, pidOf('worker')]));
    const exited = new Promise<number | null>((resolve) => stack.once('exit', (code) => resolve(code)));
    stack.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGINT received: stopping api, worker, agency-sim, ferretdb, postgres, temporal');
    await sleep(500);
    expect(treeBeforeStop.filter(alive)).toEqual([]);
    expect(existsSync(path.join(runDir, 'worker.pid'))).toBe(false);
    const stillBound = await Promise.all([...FIXED_PORTS.map((p) => p + offset), port].map(async (p) => ((await portInUse(p)) ? [p] : [])));
    expect(stillBound.flat()).toEqual([]);
  });
});
