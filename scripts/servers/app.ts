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
  /** Called when a process exits without stop() (the stack shuts down on it). */
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
  const baseUrl = `http://127.0.0.1:${port}`;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const workerCount = opts.noWorker ? 0 : (opts.workers ?? 1);

  const spawnTs = (name: string, entry: string) => {
    const { command, args } = tsNodeCommand(entry);
    const proc = new ManagedProcess({
      name,
      command,
      args,
      env,
      prefix: opts.prefix ? name : undefined,
      logFile: opts.logDir ? path.join(opts.logDir, `${name}.log`) : undefined,
      stopGraceMs: 15_000, // the worker drains in-flight tasks on SIGTERM
      unref: opts.unref,
    });
    if (opts.onUnexpectedExit) {
      const cb = opts.onUnexpectedExit;
      proc.onUnexpectedExit = (info) => cb(name, info, proc.lastLines());
    }
    return proc;
  };

  const workers: ManagedProcess[] = [];
  for (let i = 1; i <= workerCount; i++) workers.push(spawnTs(i === 1 ? 'worker' : `worker-${i}`, WORKER_ENTRY));
  const api = spawnTs('api', API_ENTRY);
  const stop = () => stopAll([api, ...[...workers].reverse()]);

  try {
    await Promise.all([
      waitUntilReady(`API (${API_ENTRY}, ${baseUrl})`, () => httpOk(`${baseUrl}/readyz`), {
        timeoutMs,
        intervalMs: 300,
        process: api,
      }),
      ...workers.map((w) => waitForWorker(w, env, timeoutMs)),
    ]);
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { baseUrl, port, env, api, workers, stop };
}

/**
 * A worker is ready once the Temporal server lists a workflow-task poller of it on the task
 * queue (identity "<pid>@host" is the SDK default; a poll newer than the spawn also counts).
 * Servers without DescribeTaskQueue (the Java test server) fall back to "still running".
 */
async function waitForWorker(worker: ManagedProcess, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
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
      { timeoutMs, intervalMs: 500, process: worker },
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
