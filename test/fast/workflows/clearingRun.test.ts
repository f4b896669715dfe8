// The monthly clearing run (P-2) on a time-skipping server of its own with typed fake activities:
// one clearing per pair and period, started as abandoned children; running the same period twice
// starts no second clearing. (Its own server: abandoned children left behind hold the test
// server's clock, so no other test may follow them on it.)
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import type { clearingRunWorkflow } from '../../../workflows/clearing/run';
import { clearingQuery } from '../../../workflows/clearing/definitions';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const terms = { dueDay: 20, reminderDaysBefore: [3, 1], escalationRepeatDays: 7 };

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

async function until<T>(read: () => Promise<T>, ok: (x: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 300; i += 1) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never reached: ${what}: ${JSON.stringify(last).slice(0, 500)}`);
}

describe('monthly clearing run', () => {
  it('P-2: one clearing per pair and period; running the same period twice starts no second clearing', async () => {
    h.fakes.set('clearingPairs', async () => [
      { insuredRegion: '220000', treatmentRegion: '110000', terms },
      { insuredRegion: '220100', treatmentRegion: '310000', terms },
    ]);
    await h.skipTo('2027-01-05', HOUR);
    // Started, not executed: awaiting a result lets the test server skip time before the worker has
    // picked the first task up (to the run timeout, ten years on), so completion is polled.
    const run = async (workflowId: string): Promise<Awaited<ReturnType<WorkflowHandle<typeof clearingRunWorkflow>['result']>>> => {
      const handle = await h.env.client.workflow.start<typeof clearingRunWorkflow>('clearingRunWorkflow', {
        workflowId,
        taskQueue: h.taskQueue,
        args: [{ policyRegion: '220000' }],
      });
      await until(
        async () => (await handle.describe()).status.name,
        (n) => n !== 'RUNNING',
        `${workflowId} done`,
      );
      return handle.result();
    };
    const first = await run('CLEARING-RUN-220000-a');
    expect(first).toEqual({ period: '2026-12', started: ['CLR-220000-110000-2026-12', 'CLR-220100-310000-2026-12'], existing: [] });
    expect(h.fakes.calls('clearingPairs')).toEqual([{ period: '2026-12', policyRegion: '220000' }]);
    const second = await run('CLEARING-RUN-220000-b');
    expect(second).toEqual({ period: '2026-12', started: [], existing: ['CLR-220000-110000-2026-12', 'CLR-220100-310000-2026-12'] });
    for (const id of first.started) {
      const child = h.env.client.workflow.getHandle(id);
      await until(
        async () => (await child.describe()).status.name,
        (n) => n === 'COMPLETED',
        `${id} closed`,
      );
      expect((await child.query(clearingQuery)).status).toBe('PAID');
    }
  });
});
