// F-12 on the time-skipping server with fake activities: an insurance status change reported
// with a later effective date is kept on the case (its next deadline says so) and ends the filing
// on that day by a durable timer; a filing that has ended ignores the report.
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import { longTermFiling } from '../../support/filingRequests';
import { loadTestPolicies } from '../../support/policies';
import { filingOpenedUpdate, filingQuery, insuranceStatusChangedSignal } from '../../../workflows/filing/definitions';
import type { filingWorkflow } from '../../../workflows/filing/workflow';
import { addDays, isoDateInShanghai } from '../../../domain/time';

const HOUR = 3_600_000;
const clerk = { agencyId: 'INSURED_CLERK:440800', role: 'INSURED_CLERK' };

let h: FakeWorkflowHarness;
let seq = 0;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

async function open(): Promise<WorkflowHandle<typeof filingWorkflow>> {
  const filingId = `FIL-F12-${process.pid}-${++seq}`;
  const application = longTermFiling();
  const handle = await h.env.client.workflow.start<typeof filingWorkflow>('filingWorkflow', {
    workflowId: filingId,
    taskQueue: h.taskQueue,
    args: [
      {
        filingId,
        application,
        applicationDate: isoDateInShanghai(await h.env.currentTimeMs()),
        policy: loadTestPolicies().forRegion(application.insuredRegion).filing,
        commitmentBarred: false,
        actor: clerk,
      },
    ],
  });
  await handle.executeUpdate(filingOpenedUpdate);
  return handle;
}

it('F-12: a change effective in ten days is kept, shown as the next deadline, and ends the filing on that day', async () => {
  const handle = await open();
  const today = isoDateInShanghai(await h.env.currentTimeMs());
  const effectiveDate = addDays(today, 10);
  await handle.signal(insuranceStatusChangedSignal, { status: 'TRANSFERRED_OUT', effectiveDate, actor: clerk });
  const kept = await handle.query(filingQuery);
  expect(kept).toMatchObject({ status: 'ACTIVE', nextDeadline: { kind: 'INSURANCE_END', date: effectiveDate } });

  await h.skipTo(addDays(effectiveDate, -1), 23 * HOUR);
  expect((await handle.query(filingQuery)).status).toBe('ACTIVE');
  const ended = await handle.result();
  expect(ended).toMatchObject({ status: 'ENDED', endedOn: effectiveDate, nextDeadline: null });
  expect(ended.events.map((e) => e.type).slice(-2)).toEqual(['INSURANCE_END_SCHEDULED', 'ENDED']);
});

it('F-12: a report effective today (or earlier) ends the filing at once, on that date', async () => {
  const handle = await open();
  const today = isoDateInShanghai(await h.env.currentTimeMs());
  await handle.signal(insuranceStatusChangedSignal, { status: 'DECEASED', effectiveDate: today, actor: clerk });
  const ended = await handle.result();
  expect(ended).toMatchObject({ status: 'ENDED', endedOn: today });
  expect(ended.events.filter((e) => e.type === 'ENDED')).toHaveLength(1);
});
