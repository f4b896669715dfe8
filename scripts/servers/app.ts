// The application itself: worker process(es) (worker.ts) and the HTTP API (api/main.ts), each a
// child process configured only through environment variables (config.ts).
import { Connection } from '@temporalio/client';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../config';
import { freePort, httpOk, ManagedProcess, stopAll, tsNodeCommand, waitUntilReady, type ExitInfo, type RunningServer } from './process';

export const WORKER_ENTRY = 'worker.ts';
export const API_ENTRY = 'api/main.ts';

export interface AppOptions {
  /** Environment of both processes, on top of process.env (TEMPORAL_ADDRESS, MONGODB_URI, ...). */
  env: NodeJS.ProcessEnv;
  /** API port (PORT); a free one when omitted. */
  port?: number;
  /** Number of worker processes. Default 1. */
  workers?: number;
  /** Start no worker (e.g. a test that runs its own in-process Worker). */
  noWorker?: boolean;
  /** Forward output lines prefixed with `[api]`, `[worker]` (`[worker-2]`, ...). */
  prefix?: boolean;
  /** Write each process's output to <logDir>/<name>.log. */
  logDir?: string;
  /** Do not keep this Node process alive for the app's processes (tests). */
  unref?: boolean;
  /** Called when a process exits after it became ready and without stop(). */
  onUnexpectedExit?: (name: string, info: ExitInfo, lastLines: string) => void;
  timeoutMs?: number;
}

export interface RunningApp extends RunningServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  port: number;
  env: NodeJS.ProcessEnv;
  api: ManagedProcess;
  workers: ManagedProcess[];
}

export async function startApp(opts: AppOptions): Promise<RunningApp> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, PORT: String(port) };
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const workerCount = opts.noWorker ? 0 : (opts.workers ?? 1);
  const common = (name: string): AppProcessOptions => ({
    name,
    env,
    prefix: opts.prefix,
    logDir: opts.logDir,
    unref: opts.unref,
    timeoutMs,
    onUnexpectedExit: opts.onUnexpectedExit && ((info, lastLines) => opts.onUnexpectedExit!(name, info, lastLines)),
  });

  // allSettled: when one fails, the others still finish starting and are then stopped.
  const names = Array.from({ length: workerCount }, (_, i) => (i === 0 ? 'worker' : `worker-${i + 1}`));
  const results = await Promise.allSettled([startApiProcess(common('api')), ...names.map((name) => startWorkerProcess(common(name)))]);
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stopAll(started).catch(() => undefined);
    throw failure.reason;
  }
  const [api, ...workers] = started;
  return { baseUrl: `http://127.0.0.1:${port}`, port, env, api, workers, stop: () => stopAll([api, ...[...workers].reverse()]) };
}

export interface AppProcessOptions {
  /** "api", "worker", "worker-2": its output prefix and log file name. */
  name: string;
  /** The whole environment of the process (config.ts reads it). */
  env: NodeJS.ProcessEnv;
  prefix?: boolean;
  logDir?: string;
  unref?: boolean;
  timeoutMs?: number;
  /** Set once the process is ready: called when it exits later without stop(). */
  onUnexpectedExit?: (info: ExitInfo, lastLines: string) => void;
  /** Abandons the wait for readiness (the process is stopped): a stack stopping during a restart. */
  signal?: AbortSignal;
}

function spawnTs(opts: AppProcessOptions, entry: string): ManagedProcess {
  const { command, args } = tsNodeCommand(entry);
  return new ManagedProcess({
    name: opts.name,
    command,
    args,
    env: opts.env,
    prefix: opts.prefix ? opts.name : undefined,
    logFile: opts.logDir ? path.join(opts.logDir, `${opts.name}.log`) : undefined,
    stopGraceMs: 15_000, // the worker drains in-flight tasks on SIGTERM
    unref: opts.unref,
  });
}

/** Spawns, waits until ready, and only then arms onUnexpectedExit; stops the process on failure. */
async function readyOrStopped<T extends ManagedProcess>(proc: T, opts: AppProcessOptions, ready: () => Promise<void>): Promise<T> {
  try {
    await ready();
  } catch (err) {
    await proc.stop(2000).catch(() => undefined);
    throw err;
  }
  if (opts.onUnexpectedExit) {
    const cb = opts.onUnexpectedExit;
    proc.onUnexpectedExit = (info) => cb(info, proc.lastLines());
  }
  return proc;
}

/** One API process (api/main.ts), ready once GET /readyz answers 200. */
export async function startApiProcess(opts: AppProcessOptions): Promise<ManagedProcess & { baseUrl: string }> {
  const baseUrl = `http://127.0.0.1:${opts.env.PORT ?? CONFIG_VARIABLES.PORT.default}`;
  const api = Object.assign(spawnTs(opts, API_ENTRY), { baseUrl });
  return readyOrStopped(api, opts, () =>
    waitUntilReady(`API (${API_ENTRY}, ${baseUrl})`, () => httpOk(`${baseUrl}/readyz`), {
      timeoutMs: opts.timeoutMs ?? 120_000,
      intervalMs: 300,
      process: api,
      signal: opts.signal,
    }),
  );
}

/** One worker process (worker.ts), ready once it polls its task queue. */
export async function startWorkerProcess(opts: AppProcessOptions): Promise<ManagedProcess> {
  const worker = spawnTs(opts, WORKER_ENTRY);
  return readyOrStopped(worker, opts, () => waitForWorker(worker, opts.env, opts.timeoutMs ?? 120_000, opts.signal));
}

/**
 * A worker is ready once the Temporal server lists a workflow-task poller of it on the task
 * queue (identity "<pid>@host" is the SDK default; a poll newer than the spawn also counts).
 * Servers without DescribeTaskQueue (the Java test server) fall back to "still running".
 */
async function waitForWorker(worker: ManagedProcess, env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const address = env.TEMPORAL_ADDRESS ?? CONFIG_VARIABLES.TEMPORAL_ADDRESS.default;
  const namespace = env.TEMPORAL_NAMESPACE ?? CONFIG_VARIABLES.TEMPORAL_NAMESPACE.default;
  const taskQueue = env.TEMPORAL_TASK_QUEUE ?? CONFIG_VARIABLES.TEMPORAL_TASK_QUEUE.default;
  let connection: Connection | undefined;
  let unsupported = false;
  try {
    await waitUntilReady(
      `Worker (${WORKER_ENTRY}, pid ${worker.pid}, task queue ${taskQueue})`,
      async () => {
        if (unsupported) return;
        connection ??= await Connection.connect({ address, connectTimeout: 3000 });
        let res: Awaited<ReturnType<Connection['workflowService']['describeTaskQueue']>>;
        try {
          res = await connection.withDeadline(Date.now() + 3000, () =>
            connection!.workflowService.describeTaskQueue({
              namespace,
              taskQueue: { name: taskQueue, kind: 1 /* TASK_QUEUE_KIND_NORMAL */ },
              taskQueueType: 1 /* TASK_QUEUE_TYPE_WORKFLOW */,
            }),
          );
        } catch (err) {
          if ((err as { code?: number }).code === 12 /* UNIMPLEMENTED */) {
            unsupported = true;
            return;
          }
          throw err;
        }
        const ours = (res.pollers ?? []).some((p) => {
          if (p.identity?.startsWith(`${worker.pid}@`)) return true;
          const seconds = Number(p.lastAccessTime?.seconds ?? 0);
          return seconds * 1000 >= worker.startedAt;
        });
        if (!ours) throw new Error('no poller of this worker on the task queue yet');
      },
      { timeoutMs, intervalMs: 500, process: worker, signal },
    );
    if (unsupported) {
      // give a crashing worker a moment to show itself
      await new Promise((r) => setTimeout(r, 1000));
      if (worker.exit) throw new Error(`Worker ${worker.describeExit()}:\n${worker.lastLines()}`);
    }
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
