// A Worker with the engine's real activities, on a time-skipping server of its own
// (connectTimeSkippingEnv starts one) and a fresh database, for workflow tests. Why a server per harness: a workflow left open by an earlier
// test file has timers on a task queue nobody polls any more; when a later file skips time past
// them, their workflow tasks wait for a worker and the test server stops skipping, so the later
// file's env.sleep() hangs for ever (seen here; sdk-typescript#1101 reports the same family).
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { connectDatabase } from '../../models/connection';
import { createActivities } from '../../activities';
import { realActivityDeps } from './activityDeps';
import { ensureEngineIndexes } from '../../models/indexes';
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
  await ensureEngineIndexes(db);
  const taskQueue = uniqueName('tq');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createActivities(realActivityDeps(db)),
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
