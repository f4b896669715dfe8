// The production topology on one machine: Temporal's own server on Debian's PostgreSQL (not the
// dev server), FerretDB, the agency simulator, and two worker processes and two API processes on
// one task queue, each its own process as a site runs them (scripts/servers/app.ts). Started
// by `npm run topology` (scripts/topology.ts) and test/infra/topology.test.ts.
import path from 'node:path';
import { startApiProcess, startWorkerProcess, type AppProcessOptions } from '../servers/app';
import { startAgencySimulator } from '../servers/agencySimulator';
import { startFerret, withDatabase } from '../servers/ferret';
import { startPostgres } from '../servers/postgres';
import { freePort, stopAll, type ManagedProcess, type RunningServer } from '../servers/process';
import { startTemporalServer } from '../servers/temporalServer';

export interface TopologyOptions {
  /** Folder of every server's state and of logs/ (the caller removes it). */
  dataDir: string;
  /** An existing FerretDB/MongoDB server URI to use instead of starting FerretDB (the test stack's). */
  mongoUri?: string;
  /** An existing agency simulator to use instead of starting one. */
  agencyUrl?: string;
  /** Database name of the engine. */
  dbName?: string;
  /** Progress lines. */
  say?: (line: string) => void;
  /** Don't keep this Node process alive for the children (tests). */
  unref?: boolean;
}

export type ApiProcess = ManagedProcess & { baseUrl: string };

export interface Topology extends RunningServer {
  /** What every API and worker got: TEMPORAL_ADDRESS, MONGODB_URI, one TEMPORAL_TASK_QUEUE... */
  env: NodeJS.ProcessEnv;
  apis: [ApiProcess, ApiProcess];
  workers: [ManagedProcess, ManagedProcess];
  /** Seconds each server took to become ready, for the report. */
  startup: Record<string, number>;
}

export const TOPOLOGY_TASK_QUEUE = 'cross-region-settlement-topology';

export async function startTopology(opts: TopologyOptions): Promise<Topology> {
  const say = opts.say ?? (() => undefined);
  const logs = path.join(opts.dataDir, 'logs');
  const started: RunningServer[] = [];
  const startup: Record<string, number> = {};
  const t0 = Date.now();
  const timed = async <T extends RunningServer>(name: string, p: Promise<T>): Promise<T> => {
    const server = await p;
    started.push(server);
    startup[name] = (Date.now() - t0) / 1000;
    say(`${name} ready after ${startup[name].toFixed(1)} s`);
    return server;
  };
  const stop = () => stopAll([...started].reverse());

  try {
    // Temporal needs PostgreSQL first; FerretDB and the simulator start beside them.
    const temporalChain = (async () => {
      const pg = await timed(
        'postgres',
        startPostgres({
          dataDir: path.join(opts.dataDir, 'postgres'),
          durable: false,
          logFile: path.join(logs, 'postgres.log'),
          unref: opts.unref,
        }),
      );
      return timed(
        'temporal-server',
        startTemporalServer({
          dataDir: path.join(opts.dataDir, 'temporal'),
          postgres: pg,
          logFile: path.join(logs, 'temporal-server.log'),
          unref: opts.unref,
        }),
      );
    })();
    const ferretUri = opts.mongoUri
      ? Promise.resolve(opts.mongoUri)
      : timed(
          'ferretdb',
          startFerret({
            dataDir: path.join(opts.dataDir, 'ferretdb'),
            durable: false,
            logFile: path.join(logs, 'ferretdb.log'),
            unref: opts.unref,
          }),
        ).then((f) => f.uri);
    const agencyUrl = opts.agencyUrl
      ? Promise.resolve(opts.agencyUrl)
      : timed('agency-sim', startAgencySimulator({ logFile: path.join(logs, 'agency-sim.log'), unref: opts.unref })).then((s) => s.url);
    const [temporal, mongo, agency] = await allOrNothing([temporalChain, ferretUri, agencyUrl]);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TOPOLOGY_TASK_QUEUE,
      MONGODB_URI: withDatabase(mongo, opts.dbName ?? 'settlement_topology'),
      AGENCY_API_URL: agency,
      LOG_LEVEL: 'warn',
      // two workers on one machine: one fixed exporter port would let only the first start
      WORKER_METRICS_PORT: '0',
    };
    const proc = (name: string, extra: NodeJS.ProcessEnv = {}): AppProcessOptions => ({
      name,
      env: { ...env, ...extra },
      logDir: logs,
      unref: opts.unref,
      timeoutMs: 180_000,
    });
    // The first API seeds the dev keys alone: two processes upserting the same keys at once
    // on FerretDB (no transactions) could collide on the unique key hash.
    const apiA = await timed('api-a', startApiProcess(proc('api-a', { PORT: String(await freePort()), SEED_DEV_KEYS: 'true' })));
    const [apiB, workerA, workerB] = await allOrNothing([
      timed('api-b', startApiProcess(proc('api-b', { PORT: String(await freePort()), SEED_DEV_KEYS: 'false' }))),
      timed('worker-a', startWorkerProcess(proc('worker-a'))),
      timed('worker-b', startWorkerProcess(proc('worker-b'))),
    ]);
    return { env, apis: [apiA, apiB], workers: [workerA, workerB], startup, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** Like Promise.all, but waits for every start to settle first, so a failure leaves nothing half-started. */
async function allOrNothing<T extends readonly unknown[]>(ps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(ps);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
