// A time-skipping Temporal server of its own and a worker with fake activities: the fast way to
// drive a workflow through its deadlines (no FerretDB, no simulator). See workflowHarness.ts for
// the same with the real activities, and timeSkipping.ts for why each file gets its own server.
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectTimeSkippingEnv } from '../setup/timeSkipping';
import { workflowBundle } from './workflowBundle';
import { createFakeActivities, type FakeActivities } from './fakeActivities';
import { shanghaiMidnightEpochMs } from '../../domain/time';

export interface FakeWorkflowHarness {
  env: TestWorkflowEnvironment;
  fakes: FakeActivities;
  taskQueue: string;
  /** Skips server time forward to `date` 00:00 Asia/Shanghai plus offsetMs (no-op when already past). */
  skipTo(date: string, offsetMs?: number): Promise<void>;
  teardown(): Promise<void>;
}

let runtimeInstalled = false;
let queues = 0;

export async function startFakeWorkflowHarness(): Promise<FakeWorkflowHarness> {
  if (!runtimeInstalled) {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      /* already installed in this Jest worker */
    }
    runtimeInstalled = true;
  }
  const env = await connectTimeSkippingEnv();
  const fakes = createFakeActivities();
  const taskQueue = `fake-${process.pid}-${++queues}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: fakes.activities,
  });
  const running = worker.run();
  return {
    env,
    fakes,
    taskQueue,
    async skipTo(date, offsetMs = 0) {
      const target = shanghaiMidnightEpochMs(date) + offsetMs;
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    },
    async teardown() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
