// Child-process plumbing shared by the server launchers (dev stack, tests, bench).
//
// Every child runs in its own process group so that stop() reaches grandchildren too, and so
// that a Ctrl-C on the terminal reaches only the parent, which then stops the children in
// order. If the parent exits without stopping them (uncaught error), an 'exit' hook kills the
// groups that are still alive.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** What every launcher returns. */
export interface RunningServer {
  /** Stops the process: SIGTERM, then SIGKILL after the grace period. Idempotent. */
  stop(): Promise<void>;
}

export interface OutputOptions {
  /** Forward each output line to the parent's stdout/stderr, prefixed with `[prefix] `. */
  prefix?: string;
  /** Append all output of the child to this file (its folder is created). */
  logFile?: string;
  /**
   * Called if the process exits after it became ready and without stop() (a crash). The dev
   * stack uses it to shut everything down instead of running half a system.
   */
  onUnexpectedExit?: (info: ExitInfo, lastLines: string) => void;
  /**
   * Do not keep this Node process alive for the child (tests: a server a test forgot to stop
   * must not hold Jest open). It is still killed when this process exits.
   */
  unref?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not allocate a free port'))));
    });
  });
}

/** True when something already accepts connections on host:port. */
export function portInUse(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (inUse: boolean) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Throws a helpful error when a fixed port is taken (the dev stack uses well-known ports). */
export async function assertPortFree(port: number, what: string, hint: string): Promise<void> {
  if (await portInUse(port)) {
    throw new Error(`port ${port} (${what}) is already in use on 127.0.0.1. ${hint}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tool paths written by scripts/provision.sh
// ---------------------------------------------------------------------------------------------

export interface ToolPaths {
  temporalCli: string;
  ferretdbBin: string;
  testServerClasspathFile: string | undefined;
  javaBin: string;
  /** Temporal's server binary (go.temporal.io/server/cmd/server), for the production topology. */
  temporalServerBin: string | undefined;
  /** temporal-sql-tool (go.temporal.io/server/cmd/tools/sql). */
  temporalSqlTool: string | undefined;
  /** The `schema/` folder of the same server module (PostgreSQL schema versions). */
  temporalSchemaDir: string | undefined;
  /** Folder of PostgreSQL's initdb, pg_ctl and postgres. */
  postgresBinDir: string | undefined;
}

/** Reads .tools/paths.env (written by scripts/provision.sh); environment variables win. */
export function toolPaths(env: NodeJS.ProcessEnv = process.env): ToolPaths {
  const file = path.join(REPO_ROOT, '.tools', 'paths.env');
  const fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m) fromFile[m[1]] = m[2].trim();
    }
  }
  const pick = (name: string): string | undefined => env[name] || fromFile[name] || undefined;
  return {
    temporalCli: pick('TEMPORAL_CLI') ?? 'temporal',
    ferretdbBin: pick('FERRETDB_BIN') ?? 'ferretdb',
    testServerClasspathFile: pick('TEMPORAL_TEST_SERVER_CLASSPATH_FILE'),
    javaBin: pick('JAVA_BIN') ?? 'java',
    temporalServerBin: pick('TEMPORAL_SERVER_BIN'),
    temporalSqlTool: pick('TEMPORAL_SQL_TOOL'),
    temporalSchemaDir: pick('TEMPORAL_SCHEMA_DIR'),
    postgresBinDir: pick('POSTGRES_BIN_DIR'),
  };
}

// ---------------------------------------------------------------------------------------------
// Managed child processes
// ---------------------------------------------------------------------------------------------

export interface ManagedProcessOptions extends OutputOptions {
  /** Name used in messages (e.g. "temporal", "ferretdb"). */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Milliseconds between SIGTERM and SIGKILL in stop(). Default 10 s. */
  stopGraceMs?: number;
  /**
   * Run the command under supervise.cjs, which ends it if this process dies without stopping
   * it (for servers that cannot watch their parent themselves: Temporal, FerretDB, Java).
   */
  supervise?: boolean;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const TAIL_LINES = 40;
const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.killNow();
  });
}

let signalCleanupInstalled = false;

/**
 * For hosts that do not stop their children themselves on Ctrl-C (Jest, the bench): on SIGINT,
 * SIGTERM or SIGHUP, SIGKILL every live child group (they are in their own process groups, so
 * the terminal's signal does not reach them), then let the signal take its usual course (it is
 * re-raised when nobody else listens for it). Not for scripts/stack.ts, which stops its children
 * gracefully and in order.
 */
export function killChildrenOnSignal(): void {
  if (signalCleanupInstalled) return;
  signalCleanupInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      for (const p of live) p.killNow();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, handler);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, handler);
  }
}

export class ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<ExitInfo>;
  readonly startedAt = Date.now();
  private exitInfo: ExitInfo | undefined;
  private readonly tail: string[] = [];
  private readonly log: WriteStream | undefined;
  private readonly graceMs: number;
  private stopping: Promise<void> | undefined;
  private spawnError: Error | undefined;
  /** Called once when the process exits without stop() having been called. */
  onUnexpectedExit: ((info: ExitInfo) => void) | undefined;

  constructor(opts: ManagedProcessOptions) {
    this.name = opts.name;
    this.graceMs = opts.stopGraceMs ?? 10_000;
    if (opts.onUnexpectedExit) {
      const cb = opts.onUnexpectedExit;
      this.onUnexpectedExit = (info) => cb(info, this.lastLines());
    }
    if (opts.logFile) {
      mkdirSync(path.dirname(opts.logFile), { recursive: true });
      this.log = createWriteStream(opts.logFile, { flags: 'a' });
      this.log.on('error', () => undefined); // a lost log line must not take the launcher down
      this.log.write(`\n=== ${new Date().toISOString()} ${opts.command} ${opts.args.join(' ')}\n`);
    }
    const [command, args] = opts.supervise
      ? [process.execPath, [path.join(__dirname, 'supervise.cjs'), opts.command, ...opts.args]]
      : [opts.command, opts.args];
    this.child = spawn(command, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group: see the header comment
    });
    if (opts.unref) {
      this.child.unref();
      (this.child.stdout as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
      (this.child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
    }
    installExitHook();
    live.add(this);
    this.pipe(this.child.stdout, process.stdout, opts.prefix);
    this.pipe(this.child.stderr, process.stderr, opts.prefix);
    this.exited = new Promise<ExitInfo>((resolve) => {
      this.child.once('error', (err) => {
        // spawn failure (ENOENT...): no 'exit' event follows
        this.spawnError = err;
        this.remember(`spawn error: ${err.message}`);
        this.exitInfo = { code: null, signal: null };
        live.delete(this);
        this.log?.end();
        resolve(this.exitInfo);
      });
      this.child.once('exit', (code, signal) => {
        const info: ExitInfo = { code, signal };
        live.delete(this);
        // Let the pipes drain (so lastLines() has the final words) but do not wait forever: a
        // grandchild may still hold them.
        let finished = false;
        const finish = () => {
          if (finished) return;
          finished = true;
          this.exitInfo = info;
          this.log?.end();
          if (!this.stopping) {
            // A crash can leave grandchildren of the group behind (the server under
            // supervise.cjs when supervise.cjs itself was killed); they would hold the ports a
            // restart needs.
            this.signal('SIGKILL');
            this.onUnexpectedExit?.(info);
          }
          resolve(info);
        };
        this.child.once('close', finish);
        setTimeout(finish, 500).unref();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Undefined while running. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** The last lines the child printed (stdout and stderr), for error messages. */
  lastLines(n = TAIL_LINES): string {
    return this.tail.slice(-n).join('\n');
  }

  describeExit(): string {
    if (this.spawnError) return `could not be started (${this.spawnError.message})`;
    const e = this.exitInfo;
    if (!e) return 'is running';
    return e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
  }

  /** SIGTERM to the process group, SIGKILL after the grace period; resolves once it exited. */
  stop(graceMs = this.graceMs): Promise<void> {
    if (!this.stopping) {
      this.stopping = (async () => {
        if (this.exitInfo) return;
        this.signal('SIGTERM');
        const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
        await this.exited;
        clearTimeout(timer);
        // reap whatever is left of the group (grandchildren that ignored SIGTERM)
        this.signal('SIGKILL');
      })();
    }
    return this.stopping;
  }

  /** Synchronous SIGKILL of the group (used by the process 'exit' hook). */
  killNow(): void {
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (!pid) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        this.child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  }

  private remember(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES * 2) this.tail.splice(0, this.tail.length - TAIL_LINES);
  }

  private pipe(stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream, prefix?: string): void {
    if (!stream) return;
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      if (this.log && !this.log.writableEnded) this.log.write(chunk);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.onLine(line, out, prefix);
    });
    stream.on('end', () => {
      if (partial) this.onLine(partial, out, prefix);
      partial = '';
    });
  }

  private onLine(line: string, out: NodeJS.WriteStream, prefix?: string): void {
    const clean = line.replace(/\r$/, '');
    this.remember(clean);
    if (prefix !== undefined) out.write(`[${prefix}] ${clean}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------------

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Give up early (with its output) when this process exits. */
  process?: ManagedProcess;
  /** Extra hint appended to the timeout error. */
  hint?: string;
  /** Give up (throwing the signal's reason) when this aborts: a stack stopping while a part restarts. */
  signal?: AbortSignal;
}

/**
 * Calls `probe` until it resolves (any value) or the deadline passes; a probe that throws means
 * "not yet". The error names the last probe failure and shows the child's last output lines.
 */
export async function waitUntilReady(what: string, probe: () => Promise<unknown>, opts: WaitOptions): Promise<void> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const interval = opts.intervalMs ?? 250;
  let lastError: unknown;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (opts.process?.exit) {
      throw new Error(`${what} ${opts.process.describeExit()} before it became ready.` + outputOf(opts.process) + hintOf(opts.hint));
    }
    try {
      await probe();
      return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `${what} did not become ready within ${Math.round(opts.timeoutMs / 1000)} s (last probe: ${reason}).` +
      (opts.process ? outputOf(opts.process) : '') +
      hintOf(opts.hint),
  );
}

function outputOf(p: ManagedProcess): string {
  const lines = p.lastLines();
  return lines ? `\n--- last output of ${p.name} ---\n${lines}\n--- end ---` : `\n(${p.name} printed nothing)`;
}

function hintOf(hint?: string): string {
  return hint ? `\n${hint}` : '';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GET url; resolves when the status is 200, throws otherwise. */
export async function httpOk(url: string, timeoutMs = 2000): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
}

/**
 * Starts a process and waits until `probe` succeeds; on failure the process is stopped and the
 * error rethrown, so a caller never holds a half-started server.
 */
export async function startAndWait(
  opts: ManagedProcessOptions,
  what: string,
  probe: () => Promise<unknown>,
  wait: Omit<WaitOptions, 'process'>,
): Promise<ManagedProcess> {
  const { onUnexpectedExit, ...spawnOpts } = opts;
  const proc = new ManagedProcess(spawnOpts);
  try {
    await waitUntilReady(what, probe, { ...wait, process: proc });
    if (onUnexpectedExit) proc.onUnexpectedExit = (info) => onUnexpectedExit(info, proc.lastLines());
    return proc;
  } catch (err) {
    await proc.stop(2000).catch(() => undefined);
    throw err;
  }
}

/** Stops several servers in the given order, collecting (not throwing) individual failures. */
export async function stopAll(servers: Array<RunningServer | undefined>): Promise<void> {
  const errors: unknown[] = [];
  for (const s of servers) {
    if (!s) continue;
    try {
      await s.stop();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw new AggregateError(errors, `failed to stop ${errors.length} server(s)`);
}

/**
 * Node entry for a TypeScript file: `node --import tsx <file>` (no extra tsx wrapper process,
 * so signals reach the program itself), with parentWatchdog.cjs preloaded so the child does not
 * outlive a launcher that died without stopping it.
 */
export function tsNodeCommand(entry: string): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ['--require', path.join(__dirname, 'parentWatchdog.cjs'), '--import', 'tsx', path.resolve(REPO_ROOT, entry)],
  };
}
