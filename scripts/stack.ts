// `npm start`: the whole system on one machine, no Docker.
//
//   Temporal dev server  127.0.0.1:7233, web UI :8233, state in data/temporal/temporal.db
//                        (skipped when TEMPORAL_ADDRESS is set)
//   FerretDB             127.0.0.1:27017 (skipped when MONGODB_URI is set), on
//   PostgreSQL           127.0.0.1:55432, cluster in data/postgres/ (Debian's PostgreSQL, provisioned);
//                        STACK_DATABASE_BACKEND=sqlite keeps FerretDB on SQLite files in data/ferretdb/
//                        instead (measured slower under settlement load: issue 13), and a data/ folder
//                        that already holds a SQLite store keeps using it
//   agency simulator     127.0.0.1:4100 (skipped when AGENCY_API_URL is set)
//   worker + API         PORT (default 3000)
//
// STACK_DATA_DIR moves data/ elsewhere and STACK_PORT_OFFSET shifts the four fixed ports above
// (the supervision test runs a second stack beside a developer's that way).
//
// A restart keeps every case: workflows and documents live under data/.
//
// Supervision: a part that dies (worker, API, agency simulator, Temporal dev server, FerretDB)
// is started again with back-off (scripts/servers/supervisor.ts) and a log line, and the others
// keep running: the API answers while the worker is away and the cases it accepted go on once
// the worker is back. Only the time-skipping server of --simulate is not restarted (it keeps
// everything in memory, so a new one would have lost every case): its death stops the stack.
//
// `npm start -- --simulate`: Temporal's Java time-skipping test server replaces the dev server,
// and SIMULATION_MODE=true enables POST /api/v1/dev/clock/advance. Nothing is persisted in that
// mode (the test server is in-memory, and the embedded FerretDB uses a throwaway folder).
//
// Ctrl-C (SIGINT) or SIGTERM stops everything in order (API, worker, simulator, FerretDB,
// Temporal), restarts under way included. Child output is prefixed with the component's name and
// also written to data/logs/<component>.log; the pids of API and worker are in data/run/<name>.pid
// while the stack runs. test/infra/supervision.test.ts kills the worker in a burst of filings.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../config';
import { startAgencySimulator } from './servers/agencySimulator';
import { startApiProcess, startWorkerProcess } from './servers/app';
import { DEV_API_KEYS } from './servers/devKeys';
import { pingMongo, startFerret } from './servers/ferret';
import { startPostgres } from './servers/postgres';
import {
  assertPortFree,
  ManagedProcess,
  REPO_ROOT,
  tsNodeCommand,
  waitUntilReady,
  type ExitInfo,
  type RunningServer,
} from './servers/process';
import { describeExit, Supervisor, type CrashHandler } from './servers/supervisor';
import { probeTemporal, startTemporalDev } from './servers/temporalDev';
import { startTimeSkippingServer } from './servers/timeSkippingServer';

const env = process.env;
const PORT_OFFSET = Number(env.STACK_PORT_OFFSET ?? CONFIG_VARIABLES.STACK_PORT_OFFSET.default);
const TEMPORAL_PORT = 7233 + PORT_OFFSET;
const TEMPORAL_UI_PORT = 8233 + PORT_OFFSET;
const FERRET_PORT = 27017 + PORT_OFFSET;
const SIMULATOR_PORT = 4100 + PORT_OFFSET;
/** Not 5432: a PostgreSQL of the machine's own may be listening there. */
const POSTGRES_PORT = 55432 + PORT_OFFSET;

const DATA_DIR = path.resolve(REPO_ROOT, env.STACK_DATA_DIR || CONFIG_VARIABLES.STACK_DATA_DIR.default);
const LOG_DIR = path.join(DATA_DIR, 'logs');
/** <part>.pid of the running API and worker: an operator (or the supervision test) finds them there. */
const RUN_DIR = path.join(DATA_DIR, 'run');

function say(msg: string): void {
  process.stdout.write(`[stack] ${msg}\n`);
}

function warn(msg: string): void {
  process.stderr.write(`[stack] ${msg}\n`);
}

interface Component {
  name: string;
  server: RunningServer;
}

// Stop order: the API first (no new requests), then the worker (it drains), then what they use.
const STOP_ORDER = ['api', 'worker', 'agency-sim', 'ferretdb', 'postgres', 'temporal', 'time-skipping'];

const started: Component[] = [];
const cleanups: Array<() => void> = [];
process.on('exit', () => {
  for (const fn of cleanups) {
    try {
      fn();
    } catch {
      /* best effort */
    }
  }
});
let shuttingDown: Promise<void> | undefined;

function shutdown(reason: string, exitCode: number): Promise<void> {
  if (!shuttingDown) {
    shuttingDown = (async () => {
      const order = [...started].sort((a, b) => STOP_ORDER.indexOf(a.name) - STOP_ORDER.indexOf(b.name));
      say(`${reason}: stopping ${order.map((c) => c.name).join(', ') || 'nothing'}`);
      for (const c of order) {
        const t0 = Date.now();
        try {
          await c.server.stop();
          say(`${c.name} stopped (${Date.now() - t0} ms)`);
        } catch (err) {
          say(`${c.name} did not stop cleanly: ${(err as Error).message}`);
        }
      }
      process.exit(exitCode); // runs `cleanups` (the 'exit' handler below)
    })();
  }
  return shuttingDown;
}

/** For a part that cannot be restarted: its death stops the stack. */
function fatal(name: string, why: string): CrashHandler {
  return (info: ExitInfo, lastLines: string) => {
    warn(`${name} ${describeExit(info)} unexpectedly; ${why}.\n--- last output of ${name} ---\n${lastLines}\n---`);
    void shutdown(`${name} died`, 1);
  };
}

/** What every embedded component gets: its output prefix, its log file and its crash handler. */
interface Embedding {
  prefix: string;
  logFile: string;
  onUnexpectedExit: CrashHandler;
  /** Aborted when the stack stops while the component is (re)starting. */
  signal: AbortSignal;
}

/**
 * Starts one embedded component with its name's prefix and log file, and tracks it for the stop
 * in order. Supervised (restarted when it dies) unless `unrestartable` says why it cannot be.
 */
async function embed<T extends RunningServer>(name: string, start: (common: Embedding) => Promise<T>, unrestartable?: string): Promise<T> {
  const logFile = path.join(LOG_DIR, `${name}.log`);
  if (unrestartable) {
    const server = await start({
      prefix: name,
      logFile,
      onUnexpectedExit: fatal(name, unrestartable),
      signal: new AbortController().signal,
    });
    started.push({ name, server });
    return server;
  }
  const supervisor = await Supervisor.start<T>({
    name,
    start: (onUnexpectedExit, signal) => start({ prefix: name, logFile, onUnexpectedExit, signal }),
    say: warn,
  });
  started.push({ name, server: supervisor });
  return supervisor.current!;
}

/**
 * Bundles the workflows once, in a child process, into data/worker/: every worker start (and
 * every restart after a crash) then loads the file instead of running webpack again.
 */
async function bundleWorkflows(): Promise<string> {
  const file = path.join(DATA_DIR, 'worker', 'workflow-bundle.js');
  const { command, args } = tsNodeCommand('scripts/bundleWorkflows.ts');
  const proc = new ManagedProcess({ name: 'bundle', command, args: [...args, file], logFile: path.join(LOG_DIR, 'bundle.log') });
  await proc.exited;
  if (proc.exit?.code !== 0) throw new Error(`bundling the workflows ${proc.describeExit()}:\n${proc.lastLines()}`);
  return file;
}

/**
 * FerretDB's backend for the embedded database: PostgreSQL unless STACK_DATABASE_BACKEND says
 * sqlite, or data/ already holds a SQLite store and no PostgreSQL cluster (a stack started before
 * PostgreSQL became the default keeps its cases; delete data/ferretdb to start afresh on it).
 */
function embeddedDatabaseBackend(simulate: boolean): 'postgresql' | 'sqlite' {
  const chosen = env.STACK_DATABASE_BACKEND || CONFIG_VARIABLES.STACK_DATABASE_BACKEND.default;
  if (chosen !== 'postgresql' && chosen !== 'sqlite') throw new Error(`STACK_DATABASE_BACKEND=${chosen}: use postgresql or sqlite`);
  if (chosen === 'sqlite' || simulate) return chosen;
  const sqliteDir = path.join(DATA_DIR, 'ferretdb');
  const hasSqliteStore = existsSync(sqliteDir) && readdirSync(sqliteDir).some((f) => f.endsWith('.sqlite'));
  if (hasSqliteStore && !existsSync(path.join(DATA_DIR, 'postgres'))) {
    say(`keeping FerretDB on SQLite: ${shown(sqliteDir)} holds its store (delete it, or set STACK_DATABASE_BACKEND, to choose)`);
    return 'sqlite';
  }
  return 'postgresql';
}

/** A folder as the operator knows it: relative inside the repository, absolute elsewhere. */
function shown(dir: string): string {
  const rel = path.relative(REPO_ROOT, dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--simulate');
  if (unknown.length) throw new Error(`unknown argument(s) ${unknown.join(' ')}; usage: npm start [-- --simulate]`);
  const simulate = args.includes('--simulate');
  const port = Number(env.PORT ?? CONFIG_VARIABLES.PORT.default);

  // A second Ctrl-C forces the exit. Repeats within 1.5 s are not a second Ctrl-C: wrappers
  // (npm, tsx) relay the same signal again when the terminal already delivered it.
  let firstSignalAt = 0;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (firstSignalAt && Date.now() - firstSignalAt < 1500) return;
      if (firstSignalAt) {
        say('second signal: exiting now (children are killed)');
        process.exit(130); // the 'exit' hook of scripts/servers/process.ts SIGKILLs the children
      }
      firstSignalAt = Date.now();
      void shutdown(`${sig} received`, 0);
    });
  }

  mkdirSync(LOG_DIR, { recursive: true });
  if (simulate) say('SIMULATION MODE: Java time-skipping test server, SIMULATION_MODE=true; nothing is persisted');

  // Free well-known ports first, so a second `npm start` fails fast and clearly.
  const embedTemporal = !env.TEMPORAL_ADDRESS;
  const embedMongo = !env.MONGODB_URI;
  const embedSimulator = !env.AGENCY_API_URL;
  const portHint = (variable: string) =>
    `Stop whatever uses it (another \`npm start\`?), set ${variable} to use an existing server, or STACK_PORT_OFFSET to move the embedded ones.`;
  if (embedTemporal) await assertPortFree(TEMPORAL_PORT, 'Temporal', portHint('TEMPORAL_ADDRESS'));
  if (embedTemporal && !simulate) await assertPortFree(TEMPORAL_UI_PORT, 'Temporal UI', portHint('TEMPORAL_ADDRESS'));
  if (embedMongo) await assertPortFree(FERRET_PORT, 'FerretDB', portHint('MONGODB_URI'));
  const databaseBackend = embedMongo ? embeddedDatabaseBackend(simulate) : undefined;
  if (databaseBackend === 'postgresql') await assertPortFree(POSTGRES_PORT, 'PostgreSQL', portHint('MONGODB_URI'));
  if (embedSimulator) await assertPortFree(SIMULATOR_PORT, 'agency simulator', portHint('AGENCY_API_URL'));
  await assertPortFree(port, 'API', 'Set PORT to another port.');

  // --- infrastructure and the workflow bundle, side by side ----------------------------------
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

  const bundleP = env.WORKFLOW_BUNDLE_PATH ? Promise.resolve(env.WORKFLOW_BUNDLE_PATH) : bundleWorkflows();

  const temporalP = (async () => {
    if (!embedTemporal) {
      const address = env.TEMPORAL_ADDRESS!;
      const namespace = env.TEMPORAL_NAMESPACE ?? CONFIG_VARIABLES.TEMPORAL_NAMESPACE.default;
      if (simulate) say(`--simulate with TEMPORAL_ADDRESS=${address}: it must be a time-skipping test server`);
      await waitUntilReady(`Temporal at ${address} (TEMPORAL_ADDRESS)`, () => probeTemporal(address, namespace), {
        timeoutMs: 60_000,
        intervalMs: 1000,
      });
      say(`using Temporal at ${address} (TEMPORAL_ADDRESS)`);
      return { address, uiUrl: undefined as string | undefined };
    }
    if (simulate) {
      const ts = await embed(
        'time-skipping',
        (common) => startTimeSkippingServer({ port: TEMPORAL_PORT, ...common }),
        'the time-skipping server keeps every case in memory, so a new one would not know them',
      );
      say(`Temporal time-skipping test server ready at ${ts.address} after ${since()}`);
      return { address: ts.address, uiUrl: undefined };
    }
    const dev = await embed('temporal', (common) =>
      startTemporalDev({
        dataDir: path.join(DATA_DIR, 'temporal'),
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_UI_PORT,
        logLevel: 'error', // at warn it prints pages of poller noise on every shutdown
        ...common,
      }),
    );
    say(`Temporal dev server ready at ${dev.address} after ${since()}`);
    return { address: dev.address, uiUrl: dev.uiUrl };
  })();

  const mongoP = (async () => {
    if (!embedMongo) {
      const uri = env.MONGODB_URI!;
      await waitUntilReady(`MongoDB at ${uri} (MONGODB_URI)`, () => pingMongo(uri), { timeoutMs: 60_000, intervalMs: 1000 });
      say(`using MongoDB at ${uri} (MONGODB_URI)`);
      return { uri, where: 'MONGODB_URI', storeDir: undefined as string | undefined };
    }
    let dataDir = path.join(DATA_DIR, 'ferretdb');
    let pgDir = path.join(DATA_DIR, 'postgres');
    if (simulate) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'crs-simulate-db-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      dataDir = path.join(dir, 'ferretdb');
      pgDir = path.join(dir, 'postgres');
    }
    let postgresqlUrl: string | undefined;
    if (databaseBackend === 'postgresql') {
      // A throwaway cluster skips fsync like the throwaway SQLite files do; data/postgres keeps it.
      const pg = await embed('postgres', (common) => startPostgres({ dataDir: pgDir, port: POSTGRES_PORT, durable: !simulate, ...common }));
      postgresqlUrl = `postgres://${pg.user}@${pg.host}:${pg.port}/postgres`;
      say(`PostgreSQL ready at ${pg.host}:${pg.port} after ${since()}`);
    }
    const ferret = await embed('ferretdb', (common) => startFerret({ dataDir, port: FERRET_PORT, postgresqlUrl, ...common }));
    say(`FerretDB (${databaseBackend}) ready at ${ferret.uri} after ${since()}`);
    const where = simulate ? 'throwaway folder' : shown(databaseBackend === 'postgresql' ? pgDir : dataDir);
    const storeDir = databaseBackend === 'postgresql' ? pgDir : dataDir;
    return { uri: ferret.uri, where: `FerretDB on ${databaseBackend === 'postgresql' ? 'PostgreSQL' : 'SQLite'}, ${where}`, storeDir };
  })();

  const simulatorP = (async () => {
    if (!embedSimulator) {
      say(`using agency systems at ${env.AGENCY_API_URL} (AGENCY_API_URL)`);
      return { url: env.AGENCY_API_URL!, embedded: false };
    }
    const sim = await embed('agency-sim', (common) => startAgencySimulator({ port: SIMULATOR_PORT, ...common }));
    say(`agency simulator ready at ${sim.url} after ${since()}`);
    return { url: sim.url, embedded: true };
  })();

  const failedOf = (results: PromiseSettledResult<unknown>[]) => results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const failed = failedOf(await Promise.allSettled([temporalP, mongoP, simulatorP, bundleP]));
  if (failed.length) {
    for (const f of failed) warn((f.reason as Error)?.message ?? String(f.reason));
    await shutdown('start-up failed', 1);
    return;
  }
  const temporal = await temporalP;
  const mongo = await mongoP;
  const simulator = await simulatorP;
  const bundle = await bundleP;
  if (shuttingDown) return;

  // --- the application: API and worker, each supervised on its own -------------------------
  const seedDevKeys = env.SEED_DEV_KEYS ?? (embedMongo ? 'true' : 'false');
  const appEnv: NodeJS.ProcessEnv = {
    ...env,
    PORT: String(port),
    TEMPORAL_ADDRESS: temporal.address,
    MONGODB_URI: mongo.uri,
    AGENCY_API_URL: simulator.url,
    SEED_DEV_KEYS: seedDevKeys,
    SIMULATION_MODE: simulate ? 'true' : (env.SIMULATION_MODE ?? 'false'),
    WORKFLOW_BUNDLE_PATH: bundle,
  };
  mkdirSync(RUN_DIR, { recursive: true });
  const app = (name: 'api' | 'worker') => async (common: Embedding) => {
    const proc = await (name === 'api' ? startApiProcess : startWorkerProcess)({
      name,
      env: appEnv,
      prefix: true,
      logDir: LOG_DIR,
      timeoutMs: 180_000,
      onUnexpectedExit: common.onUnexpectedExit,
      signal: common.signal,
    });
    const pidFile = path.join(RUN_DIR, `${name}.pid`);
    writeFileSync(pidFile, `${proc.pid}\n`);
    cleanups.push(() => rmSync(pidFile, { force: true }));
    say(`${name} running as pid ${proc.pid}`);
    return proc;
  };
  const appFailed = failedOf(await Promise.allSettled([embed('api', app('api')), embed('worker', app('worker'))]));
  if (appFailed.length) {
    for (const f of appFailed) warn((f.reason as Error)?.message ?? String(f.reason));
    await shutdown('start-up failed', 1);
    return;
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  say(`worker and API ready after ${since()}`);
  if (shuttingDown) return;

  // --- banner ----------------------------------------------------------------------------
  const seeded = seedDevKeys === 'true' || seedDevKeys === '1';
  const lines = [
    '',
    `Cross-region settlement engine is running${simulate ? ' in SIMULATION MODE' : ''}.`,
    `  API           ${baseUrl}`,
    `  API docs      ${baseUrl}/docs   (OpenAPI: ${baseUrl}/api/v1/openapi.json)`,
    `  Temporal UI   ${temporal.uiUrl ?? (simulate ? '(none: the time-skipping test server has no UI)' : '(external Temporal)')}`,
    `  Temporal      ${temporal.address}`,
    `  MongoDB       ${mongo.uri}   (${mongo.where})`,
    `  Agencies      ${simulator.url}${simulator.embedded ? '   (agency simulator)' : ''}`,
    `  Logs          ${shown(LOG_DIR)}/`,
  ];
  if (simulate) {
    lines.push(
      '',
      '  Nothing is persisted in this mode. Move the clock with',
      `    curl -X POST ${baseUrl}/api/v1/dev/clock/advance -H 'Authorization: Bearer dev-admin' \\`,
      `         -H 'Content-Type: application/json' -d '{"duration":"P6M"}'`,
    );
  } else if (embedTemporal && embedMongo) {
    lines.push('', `  Every case survives a restart (${shown(DATA_DIR)}/temporal, ${shown(mongo.storeDir ?? DATA_DIR)}).`);
  }
  if (seeded) {
    lines.push('', '  Dev API keys (Authorization: Bearer <key>):');
    for (const k of Object.values(DEV_API_KEYS)) {
      lines.push(`    ${k.key.padEnd(22)}${k.role.padEnd(18)}${k.region ?? ''}`);
    }
  }
  lines.push('', 'A part that dies is restarted; Ctrl-C stops everything.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (err) => {
  warn((err as Error)?.message ?? String(err));
  await shutdown('start-up failed', 1);
});
