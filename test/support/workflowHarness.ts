// A Worker with the engine's real activities, on this Jest worker's time-skipping server and a
// fresh database, for workflow tests.
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { connectDatabase } from '../../models/connection';
import { createActivities } from '../../activities';
import { ensureWorkerIndexes } from '../../activities/indexes';
import { withDatabase } from '../../scripts/servers/ferret';
import { connectTimeSkippingEnv } from '../setup/timeSkipping';
import { uniqueName } from '../setup/stackEnv';
import { workflowBundle } from './workflowBundle';

let runtimeInstalled = false;

export interface WorkflowHarness {
  env: TestWorkflowEnvironment;
  db: mongoose.Connection;
  taskQueue: string;
  worker: Worker;
  /** Runs the worker in the background until teardown. */
  teardown(): Promise<void>;
}

export async function startWorkflowHarness(): Promise<WorkflowHarness> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run in the `stack` Jest project');
  const env = await connectTimeSkippingEnv();
  const db = await connectDatabase(withDatabase(uri, uniqueName('wf')));
  await ensureWorkerIndexes(db);
  const taskQueue = uniqueName('tq');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ db }),
  });
  const running = worker.run();
  return {
    env,
    db,
    taskQueue,
    worker,
    async teardown() {
      worker.shutdown();
      await running;
      await db.dropDatabase().catch(() => undefined);
      await db.close();
      await env.teardown();
    },
  };
}
