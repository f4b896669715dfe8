// Temporal's Java time-skipping test server (io.temporal.testserver.TestServer), run from the
// Maven classpath that scripts/provision.sh resolves. In-memory only: nothing survives a stop.
// Time skipping is global to one server, so parallel test workers each get their own.
import { Connection } from '@temporalio/client';
import { existsSync, readFileSync } from 'node:fs';
import { freePort, startAndWait, toolPaths, type OutputOptions, type RunningServer } from './process';
import { caseSearchAttributeTypes } from '../../temporal';

export interface TimeSkippingServerOptions extends OutputOptions {
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Startup deadline. Default 90 s: a JVM on busy cores is slow to start. */
  timeoutMs?: number;
  /** Extra JVM options (before the class name). */
  jvmArgs?: string[];
}

export interface TimeSkippingServer extends RunningServer {
  /** host:port (always 127.0.0.1: the test server binds all interfaces, we talk over loopback). */
  address: string;
  pid: number | undefined;
}

/** The classpath from the file written by scripts/provision.sh, checked jar by jar. */
export function testServerClasspath(): string {
  const tools = toolPaths();
  const file = tools.testServerClasspathFile;
  const fix = 'Run `bash scripts/provision.sh` (needs java and mvn) or set TEMPORAL_TEST_SERVER_CLASSPATH_FILE.';
  if (!file) throw new Error(`No classpath for Temporal's Java test server. ${fix}`);
  if (!existsSync(file)) throw new Error(`Classpath file ${file} does not exist. ${fix}`);
  const cp = readFileSync(file, 'utf8').trim();
  const missing = cp.split(':').filter((jar) => jar && !existsSync(jar));
  if (!cp || missing.length) {
    throw new Error(`Classpath file ${file} lists missing jars (${missing.slice(0, 3).join(', ')}...). ${fix}`);
  }
  return cp;
}

export async function startTimeSkippingServer(opts: TimeSkippingServerOptions = {}): Promise<TimeSkippingServer> {
  const tools = toolPaths();
  const cp = testServerClasspath();
  const port = opts.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = [
    // Startup speed over peak throughput: the server does little work per test, and C2
    // compilation would compete for the 2 cores with everything else during startup.
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Xshare:auto',
    '-Xmx512m',
    ...(opts.jvmArgs ?? []),
    '-cp',
    cp,
    'io.temporal.testserver.TestServer',
    String(port),
  ];
  const proc = await startAndWait(
    {
      name: 'time-skipping',
      command: tools.javaBin,
      args,
      prefix: opts.prefix,
      logFile: opts.logFile,
      onUnexpectedExit: opts.onUnexpectedExit,
      unref: opts.unref,
      stopGraceMs: 5_000,
      supervise: true,
    },
    `Temporal Java time-skipping test server (${address})`,
    () => probeTimeSkippingServer(address),
    { timeoutMs: opts.timeoutMs ?? 90_000, intervalMs: 200 },
  );
  try {
    await registerSearchAttributes(address);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { address, pid: proc.pid, stop: () => proc.stop() };
}

/**
 * The engine's search attributes (workflows/searchAttributes.ts), which the case workflows upsert:
 * the test server implements OperatorService.AddSearchAttributes (not List) and refuses an upsert
 * of a name it does not know, so every fresh server gets them here.
 */
async function registerSearchAttributes(address: string): Promise<void> {
  const searchAttributes = caseSearchAttributeTypes();
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    await connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes });
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Resolves when the test server at `address` answers a workflow-service call. */
export async function probeTimeSkippingServer(address: string, timeoutMs = 3000): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
  } finally {
    await connection.close().catch(() => undefined);
  }
}
