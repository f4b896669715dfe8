// Temporal dev server (`temporal server start-dev`, from the Temporal CLI provisioned by
// scripts/provision.sh): a real Temporal server on SQLite, persistent when given a data dir.
import { Connection } from '@temporalio/client';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { freePort, startAndWait, toolPaths, type OutputOptions, type RunningServer } from './process';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';

export interface TemporalDevOptions extends OutputOptions {
  /** Folder for temporal.db; without it the server keeps everything in memory. */
  dataDir?: string;
  /** gRPC frontend port; a free one when omitted. */
  port?: number;
  /** Web UI port; a free one when omitted; `false` for no UI (headless). */
  uiPort?: number | false;
  ip?: string;
  /** Extra namespaces to create ("default" always exists). */
  namespaces?: string[];
  /** Extra CLI arguments (e.g. --dynamic-config-value, --search-attribute). */
  extraArgs?: string[];
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  timeoutMs?: number;
}

export interface TemporalDevServer extends RunningServer {
  /** host:port of the gRPC frontend (TEMPORAL_ADDRESS). */
  address: string;
  /** Web UI, when started. */
  uiUrl: string | undefined;
  pid: number | undefined;
}

export async function startTemporalDev(opts: TemporalDevOptions = {}): Promise<TemporalDevServer> {
  const tools = toolPaths();
  const ip = opts.ip ?? '127.0.0.1';
  const port = opts.port ?? (await freePort(ip));
  const uiPort = opts.uiPort === false ? undefined : (opts.uiPort ?? (await freePort(ip)));
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', opts.logLevel ?? 'warn'];
  args.push('--namespace', 'default');
  for (const ns of opts.namespaces ?? []) args.push('--namespace', ns);
  // The engine's search attributes (workflows/searchAttributes.ts): the case workflows upsert them.
  for (const [name, type] of Object.entries(CASE_SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    args.push('--db-filename', path.join(opts.dataDir, 'temporal.db'));
  }
  args.push(...(opts.extraArgs ?? []));

  const address = `${ip}:${port}`;
  const proc = await startAndWait(
    {
      name: 'temporal',
      command: tools.temporalCli,
      args,
      prefix: opts.prefix,
      logFile: opts.logFile,
      onUnexpectedExit: opts.onUnexpectedExit,
      unref: opts.unref,
      stopGraceMs: 15_000,
      supervise: true,
    },
    `Temporal dev server (${tools.temporalCli}, ${address})`,
    () => probeTemporal(address, 'default'),
    {
      timeoutMs: opts.timeoutMs ?? 60_000,
      intervalMs: 300,
      hint: 'Run `bash scripts/provision.sh` to install the Temporal CLI, or set TEMPORAL_CLI.',
    },
  );
  return {
    address,
    uiUrl: uiPort === undefined ? undefined : `http://${ip}:${uiPort}`,
    pid: proc.pid,
    stop: () => proc.stop(),
  };
}

/**
 * Resolves when a Temporal frontend at `address` answers and `namespace` is registered.
 * Works for the dev server and for a remote server (used by the stack when TEMPORAL_ADDRESS
 * points elsewhere).
 */
export async function probeTemporal(address: string, namespace = 'default', timeoutMs = 3000): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
  } finally {
    await connection.close().catch(() => undefined);
  }
}
