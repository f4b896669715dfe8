// Jest globalSetup of the `stack` project: starts, once per run, on free ports and in a fresh
// data dir, the shared servers the tests talk to:
//   - Temporal dev server                  -> TEMPORAL_ADDRESS
//   - FerretDB (SQLite)                    -> MONGODB_URI (database "settlement_test"; tests that
//                                             need isolation derive their own, see stackEnv.ts)
//   - agency simulator                     -> AGENCY_API_URL
//   - TEST_DATA_DIR: the run's folder (logs of every server under logs/)
// Time-skipping test servers are not shared: each test file gets a fresh one from
// connectTimeSkippingEnv() / startApp({ simulate: true }) (see timeSkipping.ts for why).
// Env vars set here are inherited by the test workers. A server that fails to start fails the
// run (never skips tests). Tools come from scripts/provision.sh (`npm test` runs it first).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAgencySimulator } from '../../scripts/servers/agencySimulator';
import { startFerret, withDatabase } from '../../scripts/servers/ferret';
import { killChildrenOnSignal, stopAll, type RunningServer } from '../../scripts/servers/process';
import { startTemporalDev } from '../../scripts/servers/temporalDev';
import { setStackState, type TestStackState } from './state';

function log(msg: string): void {
  process.stdout.write(`[test-stack] ${msg}\n`);
}

export default async function globalSetup(): Promise<void> {
  const { state, env } = await startTestStack();
  Object.assign(process.env, env);
  setStackState(state);
}

export interface TestStack {
  state: TestStackState;
  /** TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, MONGODB_URI, AGENCY_API_URL, TEST_DATA_DIR */
  env: Record<string, string>;
}

/** Removes the data dirs of earlier runs whose process is gone (a run killed before teardown). */
function removeStaleRunDirs(): void {
  for (const name of readdirSync(os.tmpdir())) {
    const m = /^crs-test-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0);
      continue; // that run is still going
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPERM') continue;
    }
    rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

/**
 * Starts the servers side by side (also usable outside Jest, e.g. by the bench); stop them with
 * teardownTestStack(stack.state).
 */
export async function startTestStack(): Promise<TestStack> {
  killChildrenOnSignal(); // a Ctrl-C on Jest leaves no server behind
  removeStaleRunDirs();
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `crs-test-${process.pid}-`));
  const logs = path.join(dataDir, 'logs');
  log(`starting servers in ${dataDir}`);

  const state: TestStackState = { servers: [], dataDir };
  const started = <T extends RunningServer>(name: string, p: Promise<T>, describe: (s: T) => string): Promise<T> =>
    p.then((server) => {
      state.servers.push({ name, server });
      log(`${name} ready at ${describe(server)} after ${since()}`);
      return server;
    });

  // allSettled: when one fails, the others still finish starting and are then stopped.
  const results = await Promise.allSettled([
    started(
      'temporal',
      startTemporalDev({ dataDir: path.join(dataDir, 'temporal'), uiPort: false, logFile: path.join(logs, 'temporal.log'), unref: true }),
      (s) => s.address,
    ),
    started(
      'ferretdb',
      startFerret({ dataDir: path.join(dataDir, 'ferretdb'), logFile: path.join(logs, 'ferretdb.log'), unref: true, durable: false }),
      (s) => s.baseUri,
    ),
    started('agency-sim', startAgencySimulator({ logFile: path.join(logs, 'agency-sim.log'), unref: true }), (s) => s.url),
  ]);

  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length) {
    await stopAll(state.servers.map((s) => s.server).reverse()).catch(() => undefined);
    const reasons = failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)));
    throw new Error(`globalSetup: ${failures.length} server(s) failed to start (logs kept in ${logs}):\n\n${reasons.join('\n\n')}`);
  }

  const [temporal, ferret, sim] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    Awaited<ReturnType<typeof startTemporalDev>>,
    Awaited<ReturnType<typeof startFerret>>,
    Awaited<ReturnType<typeof startAgencySimulator>>,
  ];

  log(`all servers ready in ${since()}`);
  return {
    state,
    env: {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      MONGODB_URI: withDatabase(ferret.uri, 'settlement_test'),
      AGENCY_API_URL: sim.url,
      TEST_DATA_DIR: dataDir,
    },
  };
}

/** Used by globalTeardown; exported for scripts that reuse the setup (e.g. the bench). */
export async function teardownTestStack(state: TestStackState | undefined): Promise<void> {
  if (!state) return;
  const t0 = Date.now();
  try {
    // independent servers: stop them side by side
    const results = await Promise.allSettled(state.servers.map((s) => s.server.stop()));
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length)
      throw new AggregateError(
        failed.map((f) => (f as PromiseRejectedResult).reason),
        'teardown failed',
      );
  } finally {
    if (process.env.KEEP_TEST_DATA === '1') {
      log(`kept ${state.dataDir} (KEEP_TEST_DATA=1)`);
    } else {
      rmSync(state.dataDir, { recursive: true, force: true });
    }
    log(`servers stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
