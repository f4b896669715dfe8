// Time-skipping environments really skip time, and each has a server of its own: a workflow that
// sleeps 180 days completes in seconds of wall time, and neither the clock it moved nor a
// workflow it left behind (which would hold time still) reaches the next environment.
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectTimeSkippingEnv } from '../setup/timeSkipping';
import { sleepDays } from './fixtures/sleepWorkflow';

const DAY_MS = 24 * 60 * 60 * 1000;

async function sleep180(env: TestWorkflowEnvironment): Promise<{ wallMs: number; sleptMs: number }> {
  const taskQueue = `time-skipping-${process.pid}-${Date.now()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./fixtures/sleepWorkflow'),
  });
  const wall0 = Date.now();
  const result = await worker.runUntil(
    env.client.workflow.execute(sleepDays, { args: [180], taskQueue, workflowId: `sleep-180-${taskQueue}` }),
  );
  return { wallMs: Date.now() - wall0, sleptMs: result.wokeAt - result.startedAt };
}

describe('time-skipping test environments', () => {
  const envs: TestWorkflowEnvironment[] = [];
  afterAll(async () => {
    await Promise.all(envs.map((e) => e.teardown()));
  });

  it('runs a 180-day sleep in a few seconds of wall time', async () => {
    const env = await connectTimeSkippingEnv();
    envs.push(env);
    expect(env.supportsTimeSkipping).toBe(true);
    const before = await env.currentTimeMs();

    const { wallMs, sleptMs } = await sleep180(env);

    expect(sleptMs).toBeGreaterThanOrEqual(180 * DAY_MS);
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(before + 180 * DAY_MS);
    expect(wallMs).toBeLessThan(30_000);
  });

  it('gives every environment a fresh server: real-time clock, no leftovers holding time still', async () => {
    const first = envs[0];
    // a leftover: its workflow task is never picked up, which holds time still on that server
    await first.client.workflow.start('notRegisteredAnywhere', {
      taskQueue: 'nobody-polls-this',
      workflowId: `leftover-${Date.now()}`,
      args: [],
    });

    const second = await connectTimeSkippingEnv();
    envs.push(second);
    expect(second.address).not.toBe(first.address);
    expect(Math.abs((await second.currentTimeMs()) - Date.now())).toBeLessThan(60_000);
    const { wallMs, sleptMs } = await sleep180(second);
    expect(sleptMs).toBeGreaterThanOrEqual(180 * DAY_MS);
    expect(wallMs).toBeLessThan(30_000);
  });

  it('teardown stops the private server', async () => {
    const env = envs.pop()!;
    const address = env.address;
    await env.teardown();
    const { probeTimeSkippingServer } = await import('../../scripts/servers/timeSkippingServer');
    await expect(probeTimeSkippingServer(address, 1000)).rejects.toThrow();
  });
});
