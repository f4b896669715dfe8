// Jest globalSetup of the `stack` project: starts, once per run, on free ports and in a fresh
// data dir, the real servers the tests talk to:
//   - Temporal dev server                  -> TEMPORAL_ADDRESS
//   - FerretDB (SQLite)                    -> MONGODB_URI (database "settlement_test"; tests that
//                                             need isolation derive their own, see stackEnv.ts)
//   - agency simulator                     -> AGENCY_API_URL
//   - one Java time-skipping test server per Jest worker (time skipping is global to a server)
//                                          -> TIME_SKIPPING_ADDRESSES (comma-separated; a test
//                                             picks its own by JEST_WORKER_ID, see timeSkipping.ts)
//   - TEST_DATA_DIR: the run's folder (logs of every server under logs/)
// Env vars set here are inherited by the test workers. A server that fails to start fails the
// run (never skips tests). Tools come from scripts/provision.sh (`npm test` runs it first).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAgencySimulator } from '../../scripts/servers/agencySimulator';
import { startFerret, withDatabase } from '../../scripts/servers/ferret';
import { stopAll, type RunningServer } from '../../scripts/servers/process';
import { startTemporalDev } from '../../scripts/servers/temporalDev';
import { startTimeSkippingServer } from '../../scripts/servers/timeSkippingServer';
import { setStackState, type TestStackState } from './state';

const MAX_TIME_SKIPPING_SERVERS = 4;

function log(msg: string): void {
  process.stdout.write(`[test-stack] ${msg}\n`);
}

export default async function globalSetup(globalConfig?: { maxWorkers?: number }): Promise<void> {
  const timeSkippingServers = Math.min(MAX_TIME_SKIPPING_SERVERS, Math.max(1, globalConfig?.maxWorkers ?? 2));
  const { state, env } = await startTestStack({ timeSkippingServers });
  Object.assign(process.env, env);
  setStackState(state);
}

export interface TestStack {
  state: TestStackState;
  /** TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, MONGODB_URI, AGENCY_API_URL, TIME_SKIPPING_ADDRESSES, TEST_DATA_DIR */
  env: Record<string, string>;
}

/**
 * Starts the servers side by side (also usable outside Jest, e.g. by the bench); stop them with
 * teardownTestStack(stack.state).
 */
export async function startTestStack(opts: { timeSkippingServers?: number } = {}): Promise<TestStack> {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `crs-test-${process.pid}-`));
  const logs = path.join(dataDir, 'logs');
  const timeSkippingCount = opts.timeSkippingServers ?? 2;
  log(`starting servers in ${dataDir} (${timeSkippingCount} time-skipping server(s))`);

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
      startTemporalDev({ dataDir: path.join(dataDir, 'temporal'), uiPort: false, logFile: path.join(logs, 'temporal.log') }),
      (s) => s.address,
    ),
    started(
      'ferretdb',
      startFerret({ dataDir: path.join(dataDir, 'ferretdb'), logFile: path.join(logs, 'ferretdb.log') }),
      (s) => s.baseUri,
    ),
    started('agency-sim', startAgencySimulator({ logFile: path.join(logs, 'agency-sim.log') }), (s) => s.url),
    ...Array.from({ length: timeSkippingCount }, (_, i) =>
      started(
        `time-skipping-${i + 1}`,
        startTimeSkippingServer({ logFile: path.join(logs, `time-skipping-${i + 1}.log`) }),
        (s) => s.address,
      ),
    ),
  ]);

  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length) {
    await stopAll(state.servers.map((s) => s.server).reverse()).catch(() => undefined);
    const reasons = failures.map((f) => (f.reason instanceof Error ? f.reason.message : String(f.reason)));
    throw new Error(
      `globalSetup: ${failures.length} server(s) failed to start (logs kept in ${logs}):\n\n${reasons.join('\n\n')}`,
    );
  }

  const [temporal, ferret, sim, ...timeSkipping] = results.map(
    (r) => (r as PromiseFulfilledResult<unknown>).value,
  ) as [
    Awaited<ReturnType<typeof startTemporalDev>>,
    Awaited<ReturnType<typeof startFerret>>,
    Awaited<ReturnType<typeof startAgencySimulator>>,
    ...Awaited<ReturnType<typeof startTimeSkippingServer>>[],
  ];

  log(`all servers ready in ${since()}`);
  return {
    state,
    env: {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      MONGODB_URI: withDatabase(ferret.uri, 'settlement_test'),
      AGENCY_API_URL: sim.url,
      TIME_SKIPPING_ADDRESSES: timeSkipping.map((s) => s.address).join(','),
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
    if (failed.length) throw new AggregateError(failed.map((f) => (f as PromiseRejectedResult).reason), 'teardown failed');
  } finally {
    if (process.env.KEEP_TEST_DATA === '1') {
      log(`kept ${state.dataDir} (KEEP_TEST_DATA=1)`);
    } else {
      rmSync(state.dataDir, { recursive: true, force: true });
    }
    log(`servers stopped in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}
