// `npm start`: the whole system on one machine, no Docker.
//
//   Temporal dev server  127.0.0.1:7233, web UI :8233, state in data/temporal/temporal.db
//                        (skipped when TEMPORAL_ADDRESS is set)
//   FerretDB (SQLite)    127.0.0.1:27017, files in data/ferretdb/ (skipped when MONGODB_URI is set)
//   agency simulator     127.0.0.1:4100 (skipped when AGENCY_API_URL is set)
//   worker + API         PORT (default 3000)
//
// A restart keeps every case: workflows and documents live under data/.
//
// `npm start -- --simulate`: Temporal's Java time-skipping test server replaces the dev server,
// and SIMULATION_MODE=true enables POST /api/v1/dev/clock/advance. Nothing is persisted in that
// mode (the test server is in-memory, and the embedded FerretDB uses a throwaway folder).
//
// Ctrl-C (SIGINT) or SIGTERM stops everything in reverse order. Child output is prefixed with
// the component's name and also written to data/logs/<component>.log.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../config';
import { startAgencySimulator } from './servers/agencySimulator';
import { startApp } from './servers/app';
import { DEV_API_KEYS } from './servers/devKeys';
import { pingMongo, startFerret } from './servers/ferret';
import { assertPortFree, REPO_ROOT, waitUntilReady, type ExitInfo, type RunningServer } from './servers/process';
import { probeTemporal, startTemporalDev } from './servers/temporalDev';
import { startTimeSkippingServer } from './servers/timeSkippingServer';

const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const FERRET_PORT = 27017;
const SIMULATOR_PORT = 4100;

const DATA_DIR = path.join(REPO_ROOT, 'data');
const LOG_DIR = path.join(DATA_DIR, 'logs');

function say(msg: string): void {
  process.stdout.write(`[stack] ${msg}\n`);
}

interface Component {
  name: string;
  server: RunningServer;
}

// Stop order: the application first, then what it depends on.
const STOP_ORDER = ['app', 'agency-sim', 'ferretdb', 'temporal', 'time-skipping'];

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

function crashed(name: string) {
  return (info: ExitInfo, lastLines: string) => {
    const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
    process.stderr.write(`[stack] ${name} ${how} unexpectedly.\n--- last output of ${name} ---\n${lastLines}\n---\n`);
    void shutdown(`${name} died`, 1);
  };
}

function track<T extends RunningServer>(name: string, server: T): T {
  started.push({ name, server });
  return server;
}

/** What every embedded component gets: its output prefix, its log file and the crash handler. */
interface Embedding {
  prefix: string;
  logFile: string;
  onUnexpectedExit: ReturnType<typeof crashed>;
}

/** Starts one embedded component with its name's prefix, log file and crash handler, and tracks it. */
async function embed<T extends RunningServer>(name: string, start: (common: Embedding) => Promise<T>): Promise<T> {
  return track(name, await start({ prefix: name, logFile: path.join(LOG_DIR, `${name}.log`), onUnexpectedExit: crashed(name) }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--simulate');
  if (unknown.length) throw new Error(`unknown argument(s) ${unknown.join(' ')}; usage: npm start [-- --simulate]`);
  const simulate = args.includes('--simulate');
  const env = process.env;
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
  const portHint = (variable: string) => `Stop whatever uses it (another \`npm start\`?), or set ${variable} to use an existing server.`;
  if (embedTemporal) await assertPortFree(TEMPORAL_PORT, 'Temporal', portHint('TEMPORAL_ADDRESS'));
  if (embedTemporal && !simulate) await assertPortFree(TEMPORAL_UI_PORT, 'Temporal UI', portHint('TEMPORAL_ADDRESS'));
  if (embedMongo) await assertPortFree(FERRET_PORT, 'FerretDB', portHint('MONGODB_URI'));
  if (embedSimulator) await assertPortFree(SIMULATOR_PORT, 'agency simulator', portHint('AGENCY_API_URL'));
  await assertPortFree(port, 'API', 'Set PORT to another port.');

  // --- infrastructure, side by side -------------------------------------------------------
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

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
      const ts = await embed('time-skipping', (common) => startTimeSkippingServer({ port: TEMPORAL_PORT, ...common }));
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
      return { uri, where: 'MONGODB_URI' };
    }
    let dataDir = path.join(DATA_DIR, 'ferretdb');
    if (simulate) {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'crs-simulate-ferretdb-'));
      const dir = dataDir;
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    }
    const ferret = await embed('ferretdb', (common) => startFerret({ dataDir, port: FERRET_PORT, ...common }));
    say(`FerretDB ready at ${ferret.uri} after ${since()}`);
    return { uri: ferret.uri, where: `FerretDB, ${simulate ? 'throwaway folder' : path.relative(REPO_ROOT, dataDir)}` };
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

  const results = await Promise.allSettled([temporalP, mongoP, simulatorP]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) {
    for (const f of failed) process.stderr.write(`[stack] ${(f.reason as Error)?.message ?? f.reason}\n`);
    await shutdown('start-up failed', 1);
    return;
  }
  const temporal = await temporalP;
  const mongo = await mongoP;
  const simulator = await simulatorP;
  if (shuttingDown) return;

  // --- the application ---------------------------------------------------------------------
  const seedDevKeys = env.SEED_DEV_KEYS ?? (embedMongo ? 'true' : 'false');
  const app = track(
    'app',
    await startApp({
      env: {
        PORT: String(port),
        TEMPORAL_ADDRESS: temporal.address,
        MONGODB_URI: mongo.uri,
        AGENCY_API_URL: simulator.url,
        SEED_DEV_KEYS: seedDevKeys,
        SIMULATION_MODE: simulate ? 'true' : (env.SIMULATION_MODE ?? 'false'),
      },
      port,
      prefix: true,
      logDir: LOG_DIR,
      timeoutMs: 180_000,
      onUnexpectedExit: (name, info, lastLines) => crashed(name)(info, lastLines),
    }),
  );
  say(`worker and API ready after ${since()}`);
  if (shuttingDown) return;

  // --- banner ----------------------------------------------------------------------------
  const seeded = seedDevKeys === 'true' || seedDevKeys === '1';
  const lines = [
    '',
    `Cross-region settlement engine is running${simulate ? ' in SIMULATION MODE' : ''}.`,
    `  API           ${app.baseUrl}`,
    `  API docs      ${app.baseUrl}/docs   (OpenAPI: ${app.baseUrl}/api/v1/openapi.json)`,
    `  Temporal UI   ${temporal.uiUrl ?? (simulate ? '(none: the time-skipping test server has no UI)' : '(external Temporal)')}`,
    `  Temporal      ${temporal.address}`,
    `  MongoDB       ${mongo.uri}   (${mongo.where})`,
    `  Agencies      ${simulator.url}${simulator.embedded ? '   (agency simulator)' : ''}`,
    `  Logs          ${path.relative(REPO_ROOT, LOG_DIR)}/`,
  ];
  if (simulate) {
    lines.push(
      '',
      '  Nothing is persisted in this mode. Move the clock with',
      `    curl -X POST ${app.baseUrl}/api/v1/dev/clock/advance -H 'Authorization: Bearer dev-admin' \\`,
      `         -H 'Content-Type: application/json' -d '{"duration":"P6M"}'`,
    );
  } else if (embedTemporal && embedMongo) {
    lines.push('', '  Every case survives a restart (data/temporal, data/ferretdb).');
  }
  if (seeded) {
    lines.push('', '  Dev API keys (Authorization: Bearer <key>):');
    for (const k of Object.values(DEV_API_KEYS)) {
      lines.push(`    ${k.key.padEnd(22)}${k.role.padEnd(18)}${k.region ?? ''}`);
    }
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (err) => {
  process.stderr.write(`[stack] ${(err as Error)?.message ?? err}\n`);
  await shutdown('start-up failed', 1);
});
