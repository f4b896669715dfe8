// The time-skipping test server of this Jest worker really skips time: a workflow that sleeps
// 180 days completes in seconds of wall time.
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectTimeSkippingEnv, timeSkippingAddress } from '../setup/timeSkipping';
import { sleepDays } from './fixtures/sleepWorkflow';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await connectTimeSkippingEnv();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('is this worker\'s own server and supports time skipping', () => {
    const all = process.env.TIME_SKIPPING_ADDRESSES!.split(',');
    expect(all.length).toBeGreaterThanOrEqual(1);
    expect(all).toContain(timeSkippingAddress());
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it('runs a 180-day sleep in a few seconds of wall time', async () => {
    const taskQueue = `time-skipping-${process.pid}-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('./fixtures/sleepWorkflow'),
    });
    const serverTimeBefore = await env.currentTimeMs();
    const wall0 = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute(sleepDays, { args: [180], taskQueue, workflowId: `sleep-180-${taskQueue}` }),
    );
    const wallMs = Date.now() - wall0;

    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(180 * DAY_MS);
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(serverTimeBefore + 180 * DAY_MS);
    expect(wallMs).toBeLessThan(30_000);
  });
});
