// Debian's PostgreSQL as a throwaway cluster for the production topology (Temporal's own
// persistence, scripts/topology/): initdb into a folder, then `postgres` in the foreground on a free
// port, reachable over TCP on 127.0.0.1 with trust authentication (nothing but this machine can
// reach it). PostgreSQL refuses to run as root, so under root every command runs as the
// `postgres` user the Debian package creates (runuser), and the folder is handed to that user.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, startAndWait, toolPaths, type OutputOptions, type RunningServer } from './process';

const run = promisify(execFile);

/** The role initdb creates as superuser, and the one Temporal connects as. */
export const POSTGRES_USER = 'temporal';
/** Ignored under trust authentication, but Temporal's config and SQL tool want one. */
export const POSTGRES_PASSWORD = 'temporal';
const UNPRIVILEGED_USER = 'postgres';

export interface PostgresOptions extends OutputOptions {
  /** Folder of the cluster (created; under root it is given to the postgres user). */
  dataDir: string;
  /** Listen port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /**
   * Default true. false turns off fsync and synchronous commit: only for a cluster thrown away
   * after the run (the topology test), where a crash of the machine loses nothing that matters.
   */
  durable?: boolean;
  timeoutMs?: number;
}

export interface PostgresServer extends RunningServer {
  host: string;
  port: number;
  user: string;
  password: string;
  pid: number | undefined;
}

/** Folder of initdb, postgres and pg_isready: POSTGRES_BIN_DIR, else the newest Debian version. */
export function postgresBinDir(): string {
  const configured = toolPaths().postgresBinDir;
  if (configured) return configured;
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(path.join(debian, v, 'bin', 'postgres')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (!versions.length) {
    throw new Error('PostgreSQL is not installed: run `bash scripts/provision.sh` (apt-get install postgresql) or set POSTGRES_BIN_DIR');
  }
  return path.join(debian, versions[versions.length - 1], 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** The command line that runs `bin` as a user PostgreSQL accepts. */
function asDbUser(bin: string, args: string[]): { command: string; args: string[] } {
  return isRoot() ? { command: 'runuser', args: ['-u', UNPRIVILEGED_USER, '--', bin, ...args] } : { command: bin, args };
}

/** Under root: the folder belongs to the postgres user, and that user can reach it through its parents. */
async function handOver(dir: string): Promise<void> {
  if (!isRoot()) return;
  const uid = Number((await run('id', ['-u', UNPRIVILEGED_USER])).stdout.trim());
  const gid = Number((await run('id', ['-g', UNPRIVILEGED_USER])).stdout.trim());
  chownSync(dir, uid, gid);
  chmodSync(dir, 0o700); // initdb insists on 0700 or 0750
  // A temp folder above it is usually 0700: search permission (o+x) lets the postgres user
  // pass through without being able to list it.
  for (let up = path.dirname(dir); up !== path.dirname(up); up = path.dirname(up)) {
    const mode = statSync(up).mode;
    if (!(mode & 0o001)) chmodSync(up, (mode & 0o7777) | 0o001);
  }
}

export async function startPostgres(opts: PostgresOptions): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const host = '127.0.0.1';
  const port = opts.port ?? (await freePort(host));
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  await handOver(dataDir);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const init = asDbUser(path.join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      POSTGRES_USER,
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      ...(opts.durable === false ? ['--no-sync'] : []),
    ]);
    try {
      await run(init.command, init.args, { timeout: 120_000 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`initdb ${dataDir} failed: ${e.stderr || e.message}`);
    }
  }

  const settings = [
    // the socket lives in the cluster's folder, never in /var/run/postgresql (may not exist, or be root's)
    `unix_socket_directories=${dataDir}`,
    `listen_addresses=${host}`,
    `port=${port}`,
    // Temporal opens a pool per service and store (frontend, history, matching, worker).
    'max_connections=200',
    ...(opts.durable === false ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const server = asDbUser(path.join(bin, 'postgres'), ['-D', dataDir, ...settings.flatMap((s) => ['-c', s])]);
  const isReady = path.join(bin, 'pg_isready');
  const proc = await startAndWait(
    {
      name: 'postgres',
      command: server.command,
      args: server.args,
      prefix: opts.prefix,
      logFile: opts.logFile,
      onUnexpectedExit: opts.onUnexpectedExit,
      unref: opts.unref,
      // SIGTERM is PostgreSQL's "smart" shutdown: it waits for clients, so stop Temporal first.
      stopGraceMs: 10_000,
      supervise: true,
    },
    `PostgreSQL (${bin}, ${host}:${port})`,
    () => run(isReady, ['-h', host, '-p', String(port), '-U', POSTGRES_USER, '-d', 'postgres', '-t', '2']),
    {
      timeoutMs: opts.timeoutMs ?? 60_000,
      intervalMs: 250,
      hint: 'Run `bash scripts/provision.sh` (installs postgresql), or set POSTGRES_BIN_DIR.',
    },
  );
  return { host, port, user: POSTGRES_USER, password: POSTGRES_PASSWORD, pid: proc.pid, stop: () => proc.stop() };
}
