// FerretDB 1.x with its SQLite backend: the MongoDB wire protocol for development and tests
// (no Docker, no MongoDB binaries). Production uses a real MongoDB (docker-compose.yml).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { freePort, startAndWait, toolPaths, type OutputOptions, type RunningServer } from './process';

export interface FerretOptions extends OutputOptions {
  /** Folder for the SQLite files (one file per database) and FerretDB's state.json. */
  dataDir: string;
  /** Listen port; a free one when omitted. */
  port?: number;
  ip?: string;
  /** Database name put in the returned URI. Default "settlement". */
  dbName?: string;
  /** Default ERROR: at WARN FerretDB logs every command it does not support (endSessions...). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  timeoutMs?: number;
  /**
   * Default true: a commit survives a crash of the process (SQLite WAL, synchronous=NORMAL),
   * but the WAL checkpoints then fsync, which on this kind of VM disk stalls a write now and
   * then for 50-200 ms under load. false (synchronous=OFF) skips every fsync: only for data
   * thrown away after the run (the test stack, the bench), never for `data/`.
   */
  durable?: boolean;
  /**
   * postgres://user@host:port/db of a running PostgreSQL: FerretDB's PostgreSQL backend instead
   * of SQLite (dataDir then only holds state.json). The database must exist.
   */
  postgresqlUrl?: string;
}

export interface FerretServer extends RunningServer {
  /** mongodb://ip:port/<dbName> (MONGODB_URI). */
  uri: string;
  /** mongodb://ip:port (no database), to build URIs for other databases. */
  baseUri: string;
  pid: number | undefined;
}

export async function startFerret(opts: FerretOptions): Promise<FerretServer> {
  const tools = toolPaths();
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port ?? (await freePort(ip));
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const backend = opts.postgresqlUrl
    ? ['--handler=postgresql', `--postgresql-url=${opts.postgresqlUrl}`]
    : // WAL is FerretDB's default; see FerretOptions.durable for the synchronous setting.
      ['--handler=sqlite', `--sqlite-url=file:${dataDir}/?_pragma=synchronous(${opts.durable === false ? 'off' : 'normal'})`];
  const args = [
    ...backend,
    `--state-dir=${dataDir}`,
    `--listen-addr=${ip}:${port}`,
    process.env.FERRETDB_DEBUG_ADDR ? `--debug-addr=${process.env.FERRETDB_DEBUG_ADDR}` : '--debug-addr=-', // no metrics/pprof listener (it would clash between instances)
    '--telemetry=disable',
    `--log-level=${opts.logLevel ?? 'ERROR'}`,
  ];
  const baseUri = `mongodb://${ip}:${port}`;
  const uri = `${baseUri}/${opts.dbName ?? 'settlement'}`;
  const proc = await startAndWait(
    {
      name: 'ferretdb',
      command: tools.ferretdbBin,
      args,
      prefix: opts.prefix,
      logFile: opts.logFile,
      onUnexpectedExit: opts.onUnexpectedExit,
      unref: opts.unref,
      stopGraceMs: 10_000,
      supervise: true,
    },
    `FerretDB (${tools.ferretdbBin}, ${baseUri})`,
    () => pingMongo(uri),
    {
      timeoutMs: opts.timeoutMs ?? 30_000,
      intervalMs: 250,
      hint: 'Run `bash scripts/provision.sh` to build FerretDB, or set FERRETDB_BIN.',
    },
  );
  return { uri, baseUri, pid: proc.pid, stop: () => proc.stop() };
}

/** Resolves when a MongoDB-compatible server at `uri` answers `ping`. */
export async function pingMongo(uri: string, timeoutMs = 2000): Promise<void> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await conn.asPromise();
    await conn.db!.admin().ping();
  } finally {
    await conn.close(true).catch(() => undefined);
  }
}

/** The same server URI with another database name (query string kept). */
export function withDatabase(uri: string, dbName: string): string {
  // not `new URL`: multi-host URIs (mongodb://a:1,b:2/db) are not URLs
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`not a mongodb:// URI: ${uri}`);
  return `${m[1]}/${dbName}${m[2] ?? ''}`;
}
