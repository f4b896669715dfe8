// Helpers for `stack` tests that need the application (worker + API) running against the
// servers of globalSetup. The app runs as child processes (worker.ts, api/main.ts), exactly as
// in production, configured only by environment variables.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { startApp as startAppProcesses, type RunningApp } from '../../scripts/servers/app';
import { DEV_API_KEYS } from '../../scripts/servers/devKeys';
import { withDatabase } from '../../scripts/servers/ferret';
import { startPrivateTimeSkippingServer } from './timeSkipping';

export { DEV_API_KEYS };

export interface AppEnvOptions {
  /**
   * SIMULATION_MODE=true (clock advance API) on a time-skipping test server: startApp starts a
   * fresh one for the app (stopped with it); appEnv needs its address in temporalAddress.
   */
  simulate?: boolean;
  /** TEMPORAL_ADDRESS; default the shared dev server of globalSetup. */
  temporalAddress?: string;
  /** Database name; default a fresh one per call, so tests do not see each other's data. */
  dbName?: string;
  /** Task queue; default a fresh one per call, so workers of other tests never pick up tasks. */
  taskQueue?: string;
  /** Extra / overriding variables. */
  env?: NodeJS.ProcessEnv;
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set: run this test in the \`stack\` Jest project, whose globalSetup starts the servers`);
  }
  return v;
}

let counter = 0;
/** A short name unique to this run, this Jest worker and this call: [a-z0-9_] only. */
export function uniqueName(prefix: string): string {
  counter += 1;
  const worker = process.env.JEST_WORKER_ID ?? '0';
  return `${prefix}_w${worker}_${process.pid}_${counter}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function simulateWithoutServer(): never {
  throw new Error('appEnv({ simulate: true }) needs temporalAddress (a time-skipping server); startApp({ simulate: true }) starts one');
}

/** The environment of worker and API for a test (see config.ts for each variable). */
export function appEnv(opts: AppEnvOptions = {}): NodeJS.ProcessEnv {
  const dbName = opts.dbName ?? uniqueName('t');
  return {
    TEMPORAL_ADDRESS: opts.temporalAddress ?? (opts.simulate ? simulateWithoutServer() : required('TEMPORAL_ADDRESS')),
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: opts.taskQueue ?? uniqueName('tq'),
    MONGODB_URI: withDatabase(required('MONGODB_URI'), dbName.slice(0, 63)),
    AGENCY_API_URL: required('AGENCY_API_URL'),
    SEED_DEV_KEYS: 'true',
    SIMULATION_MODE: opts.simulate ? 'true' : 'false',
    LOG_LEVEL: process.env.TEST_APP_LOG_LEVEL ?? 'warn',
    // Test apps run side by side: one fixed exporter port would let only the first worker start.
    WORKER_METRICS_PORT: '0',
    ...opts.env,
  };
}

export interface StartAppOptions extends AppEnvOptions {
  /** Number of worker processes (default 1); 0 for none (the test runs its own Worker). */
  workers?: number;
  /** Forward the app's output to the test's console (default: only to log files). */
  verbose?: boolean;
}

/** `env` is what the processes got, e.g. to connect a Temporal client to the app's task queue. */
export type TestApp = RunningApp;

/**
 * Starts worker(s) + API on a free port and waits until /readyz answers 200 and the worker
 * polls its task queue; with `simulate`, on a fresh time-skipping server of its own. Stop it
 * in afterAll: `await app.stop()` (stops the processes and that server).
 * Logs: $TEST_DATA_DIR/logs/app-<n>/{api,worker}.log.
 */
export async function startApp(opts: StartAppOptions = {}): Promise<TestApp> {
  const server = opts.simulate && !opts.temporalAddress ? await startPrivateTimeSkippingServer('app') : undefined;
  try {
    const env = appEnv({ ...opts, temporalAddress: opts.temporalAddress ?? server?.address });
    const logDir = process.env.TEST_DATA_DIR ? path.join(process.env.TEST_DATA_DIR, 'logs', uniqueName('app')) : undefined;
    const workers = opts.workers ?? 1;
    const app = await startAppProcesses({
      env,
      workers: Math.max(workers, 1),
      noWorker: workers === 0,
      prefix: opts.verbose ?? false,
      logDir,
      unref: true, // an app a test forgot to stop does not hold Jest open
    });
    if (!server) return app;
    const stopApp = app.stop;
    return {
      ...app,
      stop: async () => {
        try {
          await stopApp();
        } finally {
          await server.stop();
        }
      },
    };
  } catch (err) {
    await server?.stop();
    throw err;
  }
}

/** fetch() against the app with a dev API key; JSON in, parsed JSON out. */
/** Headers of a money write (S-5: settlements, reimbursements, reversals need a key): a fresh key. */
export function moneyKey(): Record<string, string> {
  return { 'Idempotency-Key': `test-${randomUUID()}` };
}

export async function api(
  app: { baseUrl: string },
  method: string,
  urlPath: string,
  opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${app.baseUrl}${urlPath}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}
