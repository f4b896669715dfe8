// Temporal's production server (go.temporal.io/server/cmd/server, built by
// scripts/provision-topology.sh) on PostgreSQL, as a production site runs it: the schema applied by
// temporal-sql-tool from the module's own schema/postgresql/v12 files, a server config generated
// into the data folder, the "default" namespace and the engine's search attributes registered
// with the Temporal CLI, as an operator would. Used by the production topology (scripts/topology/).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { checkSearchAttributes } from '../../temporal';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import type { PostgresServer } from './postgres';
import { freePort, startAndWait, toolPaths, waitUntilReady, type OutputOptions, type RunningServer } from './process';
import { probeTemporal } from './temporalDev';

const run = promisify(execFile);

export const TEMPORAL_DB = 'temporal';
export const VISIBILITY_DB = 'temporal_visibility';
const NAMESPACE = 'default';

export interface TemporalServerOptions extends OutputOptions {
  /** Folder of the generated config (config/development.yaml, dynamicconfig.yaml). */
  dataDir: string;
  postgres: Pick<PostgresServer, 'host' | 'port' | 'user' | 'password'>;
  /** gRPC frontend port; a free one when omitted. */
  port?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  timeoutMs?: number;
}

export interface TemporalServer extends RunningServer {
  /** host:port of the gRPC frontend (TEMPORAL_ADDRESS). */
  address: string;
  pid: number | undefined;
}

interface ServerTools {
  server: string;
  sqlTool: string;
  schemaDir: string;
  cli: string;
}

function serverTools(): ServerTools {
  const t = toolPaths();
  if (!t.temporalServerBin || !t.temporalSqlTool || !t.temporalSchemaDir) {
    throw new Error(
      'the Temporal server, temporal-sql-tool or its schema folder is unknown: run `bash scripts/provision-topology.sh` ' +
        '(or set TEMPORAL_SERVER_BIN, TEMPORAL_SQL_TOOL, TEMPORAL_SCHEMA_DIR)',
    );
  }
  return { server: t.temporalServerBin, sqlTool: t.temporalSqlTool, schemaDir: t.temporalSchemaDir, cli: t.temporalCli };
}

async function tool(what: string, command: string, args: string[]): Promise<void> {
  try {
    await run(command, args, { timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${what} failed (${command} ${args.join(' ')}): ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * Creates both databases and brings their schemas to the module's newest version, the steps of
 * Temporal's own `install-schema-postgresql12`: setup-schema to 0.0, then update-schema through
 * every versioned folder. Only for a fresh cluster (create fails on an existing database).
 */
export async function setupTemporalSchema(pg: TemporalServerOptions['postgres'], tools: ServerTools = serverTools()): Promise<void> {
  for (const [db, folder] of [
    [TEMPORAL_DB, 'temporal'],
    [VISIBILITY_DB, 'visibility'],
  ] as const) {
    const base = ['--ep', pg.host, '-p', String(pg.port), '-u', pg.user, '--pw', pg.password, '--pl', 'postgres12', '--db', db];
    await tool(`create database ${db}`, tools.sqlTool, [...base, 'create']);
    await tool(`setup-schema ${db}`, tools.sqlTool, [...base, 'setup-schema', '-v', '0.0']);
    const versioned = path.join(tools.schemaDir, 'postgresql', 'v12', folder, 'versioned');
    await tool(`update-schema ${db}`, tools.sqlTool, [...base, 'update-schema', '-d', versioned]);
  }
}

interface Ports {
  frontend: number;
  http: number;
  membership: { frontend: number; history: number; matching: number; worker: number };
  grpc: { history: number; matching: number; worker: number };
}

/**
 * A port that was free a moment ago and fits PostgreSQL's smallint: the server stores each
 * service's membership port in a smallint column (cluster_membership.rpc_port), and the ports the
 * kernel hands out for port 0 (32768 and up) do not fit.
 */
function smallFreePort(): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
  return (async () => {
    for (let i = 0; i < 200; i += 1) {
      const port = 20_000 + Math.floor(Math.random() * 12_000);
      if (await tryPort(port)) return port;
    }
    throw new Error('no free port between 20000 and 32000');
  })();
}

async function allocatePorts(frontend?: number): Promise<Ports> {
  const p = () => freePort();
  const m = () => smallFreePort();
  return {
    frontend: frontend ?? (await p()),
    http: await p(),
    membership: { frontend: await m(), history: await m(), matching: await m(), worker: await m() },
    grpc: { history: await p(), matching: await p(), worker: await p() },
  };
}

/**
 * The server's config file. YAML is a superset of JSON, so the object is written as JSON: no YAML
 * library at run time. Shaped after the module's config/development-postgres12.yaml, with every
 * port free on this machine, no metrics or pprof listener, and a dynamic config file beside it.
 */
function serverConfig(opts: TemporalServerOptions, ports: Ports, dynamicConfigFile: string): unknown {
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${opts.postgres.host}:${opts.postgres.port}`,
      connectProtocol: 'tcp',
      user: opts.postgres.user,
      password: opts.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number) => ({ rpc: { grpcPort, membershipPort, bindOnLocalHost: true } });
  return {
    log: { stdout: true, level: opts.logLevel ?? 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: 4,
      datastores: { 'postgres-default': sql(TEMPORAL_DB, 10), 'postgres-visibility': sql(VISIBILITY_DB, 4) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: { rpc: { ...rpc(ports.frontend, ports.membership.frontend).rpc, httpPort: ports.http } },
      history: rpc(ports.grpc.history, ports.membership.history),
      matching: rpc(ports.grpc.matching, ports.membership.matching),
      worker: rpc(ports.grpc.worker, ports.membership.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/**
 * Dynamic config: a search attribute registered a moment ago is seen at once (otherwise the
 * frontend's cache may refuse a workflow's first upsert for up to a minute); ids as long as the
 * dev server allows (the engine's case ids are derived from idempotency keys).
 */
const DYNAMIC_CONFIG = {
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true, constraints: {} }],
  'limit.maxIDLength': [{ value: 255, constraints: {} }],
};

/** Registers "default" and the engine's search attributes with the CLI, as an operator would. */
async function registerNamespace(cli: string, address: string, timeoutMs: number): Promise<void> {
  const common = ['--address', address, '--namespace', NAMESPACE];
  // The frontend answers before the cluster metadata is ready; a refused create is retried.
  await waitUntilReady(
    `namespace ${NAMESPACE} on ${address}`,
    async () => {
      try {
        await run(cli, ['operator', 'namespace', 'create', ...common, '--retention', '72h'], { timeout: 15_000 });
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        if (!/already (exists|registered)/i.test(e.stderr ?? e.message)) throw new Error(e.stderr || e.message);
      }
      await probeTemporal(address, NAMESPACE);
    },
    { timeoutMs, intervalMs: 1000 },
  );
  // One call per attribute: the CLI (v1.5.1) pairs each --name with a --type of its own and
  // silently registers only the first name of a call with one --type.
  for (const [name, type] of Object.entries(CASE_SEARCH_ATTRIBUTES)) {
    await tool(`search attribute ${name}`, cli, ['operator', 'search-attribute', 'create', ...common, '--name', name, '--type', type]);
  }
  // The worker's own start-up check (temporal.ts): passes once the server lists all five.
  const connection = await Connection.connect({ address, connectTimeout: 5000 });
  try {
    await waitUntilReady(`search attributes on ${address}`, () => checkSearchAttributes(connection.operatorService, NAMESPACE), {
      timeoutMs,
      intervalMs: 500,
    });
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Applies the schema (first start in this folder), starts the server, registers the namespace. */
export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServer> {
  const tools = serverTools();
  const dataDir = path.resolve(opts.dataDir);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const schemaMarker = path.join(dataDir, 'schema-applied');
  mkdirSync(path.join(dataDir, 'config'), { recursive: true });
  if (!existsSync(schemaMarker)) {
    await setupTemporalSchema(opts.postgres, tools);
    writeFileSync(schemaMarker, `${new Date().toISOString()}\n`);
  }
  const ports = await allocatePorts(opts.port);
  const dynamicConfigFile = path.join(dataDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, JSON.stringify(DYNAMIC_CONFIG, null, 2));
  writeFileSync(path.join(dataDir, 'config', 'development.yaml'), JSON.stringify(serverConfig(opts, ports, dynamicConfigFile), null, 2));

  const address = `127.0.0.1:${ports.frontend}`;
  const proc = await startAndWait(
    {
      name: 'temporal-server',
      command: tools.server,
      args: ['--root', dataDir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
      prefix: opts.prefix,
      logFile: opts.logFile,
      onUnexpectedExit: opts.onUnexpectedExit,
      unref: opts.unref,
      stopGraceMs: 15_000,
      supervise: true,
    },
    `Temporal server (${tools.server}, ${address})`,
    () => probeTemporal(address, 'temporal-system'),
    { timeoutMs, intervalMs: 500, hint: 'Run `bash scripts/provision-topology.sh`, or set TEMPORAL_SERVER_BIN.' },
  );
  try {
    await registerNamespace(tools.cli, address, timeoutMs);
  } catch (err) {
    await proc.stop(2000).catch(() => undefined);
    throw err;
  }
  return { address, pid: proc.pid, stop: () => proc.stop() };
}
