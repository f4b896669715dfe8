// Time-skipping Temporal environments for tests, each on its own Java test server.
//
// Why one server per environment (per test file, as tests call this in beforeAll) rather than
// one per Jest worker: a test server's state leaks into everything that runs on it later.
//   - its clock: once a test skipped 180 days, the next file starts 180 days in the future;
//   - its time-skipping lock: a workflow left running by an earlier file (its worker gone)
//     eventually gets a workflow task nobody picks up; the server holds time still until that
//     task is taken, i.e. forever, and terminating the workflow does not release it.
// A fresh server costs about a second (JVM start), so every file gets a clean one.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import path from 'node:path';
import { startTimeSkippingServer, type TimeSkippingServer } from '../../scripts/servers/timeSkippingServer';

type CreateOptions = {
  server: { type: 'existing' };
  supportsTimeSkipping: boolean;
  address: string;
  namespace: string;
  connectionOptions?: Record<string, unknown>;
};

// The Java test server (grpc-java) allows a client ping every 5 minutes at most and none on an
// idle connection; the client's default (every 30 s, idle too) makes it drop the connection with
// "excess pings" during long tests. Ping less often than it allows.
const TEST_SERVER_CHANNEL_ARGS = {
  'grpc.keepalive_time_ms': 6 * 60_000,
  'grpc.keepalive_permit_without_calls': 0,
};

let counter = 0;

/**
 * Starts a private Java time-skipping test server (logs in $TEST_DATA_DIR/logs when set).
 * Used by connectTimeSkippingEnv and by startApp({ simulate: true }); stop it when done.
 */
export function startPrivateTimeSkippingServer(label = 'env'): Promise<TimeSkippingServer> {
  counter += 1;
  const logDir = process.env.TEST_DATA_DIR ? path.join(process.env.TEST_DATA_DIR, 'logs') : undefined;
  const name = `time-skipping-${label}-w${process.env.JEST_WORKER_ID ?? '0'}-${process.pid}-${counter}`;
  return startTimeSkippingServer({ logFile: logDir ? path.join(logDir, `${name}.log`) : undefined, unref: true });
}

/**
 * A TestWorkflowEnvironment WITH time skipping on a fresh Java test server of its own: its
 * `client` skips time while awaiting workflow results, and `sleep()` / `currentTimeMs()` use the
 * test service. Call `env.teardown()` in afterAll (after shutting down your Worker): it closes
 * the connections and stops the server.
 *
 * `address`: connect to an already running test server instead (nothing is started or stopped).
 *
 * (TestWorkflowEnvironment.createFromExistingServer forces supportsTimeSkipping=false, so this
 * calls the class's own factory, declared private in the typings but a plain static method at
 * run time, which builds the same environment with the flag set.)
 */
export async function connectTimeSkippingEnv(address?: string): Promise<TestWorkflowEnvironment> {
  const factory = TestWorkflowEnvironment as unknown as {
    create(this: typeof TestWorkflowEnvironment, opts: CreateOptions): Promise<TestWorkflowEnvironment>;
  };
  if (typeof factory.create !== 'function') {
    throw new Error('@temporalio/testing changed: TestWorkflowEnvironment.create is gone; update test/setup/timeSkipping.ts');
  }
  const server = address ? undefined : await startPrivateTimeSkippingServer();
  let env: TestWorkflowEnvironment;
  try {
    env = await factory.create.call(TestWorkflowEnvironment, {
      server: { type: 'existing' },
      supportsTimeSkipping: true,
      address: address ?? server!.address,
      namespace: 'default',
      connectionOptions: { channelArgs: TEST_SERVER_CHANNEL_ARGS },
    });
  } catch (err) {
    await server?.stop();
    throw err;
  }
  if (!env.supportsTimeSkipping) throw new Error('time skipping was not enabled on the test environment');
  if (server) {
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await teardown();
      } finally {
        await server.stop();
      }
    };
  }
  return env;
}
