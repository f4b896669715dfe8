// A time-skipping Temporal server of its own and a worker with fake activities: the fast way to
// drive a workflow through its deadlines (no FerretDB, no simulator). See workflowHarness.ts for
// the same with the real activities, and timeSkipping.ts for why each file gets its own server.
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectTimeSkippingEnv } from '../setup/timeSkipping';
import { workflowBundle } from './workflowBundle';
import { createFakeActivities, type FakeActivities } from './fakeActivities';
import { shanghaiMidnightEpochMs } from '../../domain/time';

export interface FakeWorkflowHarness {
  env: TestWorkflowEnvironment;
  fakes: FakeActivities;
  taskQueue: string;
  /**
   * Skips server time forward to `date` 00:00 Asia/Shanghai plus offsetMs (no-op when already past).
   * Skip to just before a deadline that starts a child workflow and let `result()` cross it: a
   * child started inside this sleep stalls the Java time-skipping server.
   */
  skipTo(date: string, offsetMs?: number): Promise<void>;
  /** Stops the worker as a crash would leave things (its activities cancelled) and starts a fresh one. */
  restartWorker(): Promise<void>;
  teardown(): Promise<void>;
}

let runtimeInstalled = false;
let queues = 0;

/**
 * `devServer`: run on the Temporal dev server of the stack project (TEMPORAL_ADDRESS) instead of a
 * private time-skipping server, for tests that restart the worker: the dev server hands a dead
 * worker's tasks to the next one, as production does; the time-skipping server does not.
 */
export async function startFakeWorkflowHarness(opts: { devServer?: boolean } = {}): Promise<FakeWorkflowHarness> {
  if (!runtimeInstalled) {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      /* already installed in this Jest worker */
    }
    runtimeInstalled = true;
  }
  const env = opts.devServer ? await devServerEnv() : await connectTimeSkippingEnv();
  const fakes = createFakeActivities();
  const taskQueue = `fake-${process.pid}-${++queues}-${Date.now().toString(36)}`;
  const bundle = await workflowBundle();
  const newWorker = () =>
    Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: fakes.activities,
      shutdownGraceTime: '100ms',
    });
  let worker = await newWorker();
  let running = worker.run();
  return {
    env,
    fakes,
    taskQueue,
    async skipTo(date, offsetMs = 0) {
      const target = shanghaiMidnightEpochMs(date) + offsetMs;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    },
    async restartWorker() {
      worker.shutdown();
      await running;
      worker = await newWorker();
      running = worker.run();
    },
    async teardown() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

function devServerEnv(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: a devServer harness runs in the `stack` Jest project');
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: 'default' });
}
