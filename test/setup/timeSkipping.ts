// Connects a test to its Java time-skipping test server (started by globalSetup, one per Jest
// worker because time skipping is global to a server).
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** This Jest worker's time-skipping server (host:port). */
export function timeSkippingAddress(): string {
  const list = (process.env.TIME_SKIPPING_ADDRESSES ?? '').split(',').filter(Boolean);
  if (!list.length) {
    throw new Error(
      'TIME_SKIPPING_ADDRESSES is not set: run this test in the `stack` Jest project, whose globalSetup starts the servers',
    );
  }
  const workerId = Number(process.env.JEST_WORKER_ID ?? '1');
  return list[(Math.max(1, workerId) - 1) % list.length];
}

type CreateOptions = {
  server: { type: 'existing' };
  supportsTimeSkipping: boolean;
  address: string;
  namespace: string;
  connectionOptions?: Record<string, never>;
};

/**
 * A TestWorkflowEnvironment on this worker's existing test server WITH time skipping: its
 * `client` skips time while awaiting results, and `sleep()` / `currentTimeMs()` use the test
 * service. (TestWorkflowEnvironment.createFromExistingServer forces supportsTimeSkipping=false,
 * so this calls the class's own factory, declared private in the typings but a plain static
 * method at run time, which builds the same environment with the flag set.)
 * Call `env.teardown()` when done: it closes the connections, the server keeps running.
 */
export async function connectTimeSkippingEnv(address = timeSkippingAddress()): Promise<TestWorkflowEnvironment> {
  const factory = TestWorkflowEnvironment as unknown as {
    create(this: typeof TestWorkflowEnvironment, opts: CreateOptions): Promise<TestWorkflowEnvironment>;
  };
  if (typeof factory.create !== 'function') {
    throw new Error('@temporalio/testing changed: TestWorkflowEnvironment.create is gone; update test/setup/timeSkipping.ts');
  }
  const env = await factory.create.call(TestWorkflowEnvironment, {
    server: { type: 'existing' },
    supportsTimeSkipping: true,
    address,
    namespace: 'default',
    connectionOptions: {},
  });
  if (!env.supportsTimeSkipping) throw new Error('time skipping was not enabled on the test environment');
  return env;
}
