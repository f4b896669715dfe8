// F-7 from the records, on the time-skipping server with fake activities: the amount a lapse
// recovers is what the stored settlements made under the pending filing say (net of reversals),
// whether or not any message reached the case; cancelling a pending commitment is a lapse.
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import { commitmentFiling } from '../../support/filingRequests';
import { loadTestPolicies } from '../../support/policies';
import { cancelFilingUpdate, filingOpenedUpdate, filingQuery } from '../../../workflows/filing/definitions';
import type { filingWorkflow } from '../../../workflows/filing/workflow';
import type { FilingApplication } from '../../../domain/filing/types';
import { isoDateInShanghai } from '../../../domain/time';

const HOUR = 3_600_000;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', userId: 'clerk-7' };

let h: FakeWorkflowHarness;
let seq = 0;

beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());
beforeEach(() => h.fakes.reset());

async function open(application: FilingApplication): Promise<WorkflowHandle<typeof filingWorkflow>> {
  const filingId = `FIL-F7-${process.pid}-${++seq}`;
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

const barsOf = (filingId: string) => h.fakes.calls('recordCommitmentBar').filter((b) => b.filingId === filingId);

describe('F-7 from the records', () => {
  it('F-7: a payment whose message never arrived is still recovered: the lapse reads the stored settlements', async () => {
    h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 55_000 }));
    h.fakes.set('fundPaidUnderCommitment', async () => ({ fundFen: 55_000, settlementIds: ['STL-LOST'] }));
    const handle = await open(commitmentFiling());
    const opened = await handle.query(filingQuery);
    // Up to the last hour of the last day; the lapse itself happens while the result is awaited (a
    // child workflow started inside env.sleep stalls the time-skipping server).
    await h.skipTo(opened.commitmentDeadline!, 23 * HOUR);
    const lapsed = await handle.result();
    expect(lapsed).toMatchObject({ status: 'LAPSED', fundPaidUnderCommitmentFen: 0, recoveryObligationFen: 55_000 });
    expect(lapsed.recoveryId).toBe(`REC-COM-${handle.workflowId}`);
  });

  it('F-7: cancelling a pending commitment without proof is a lapse on that day: bar and recovery', async () => {
    h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 7_700 }));
    h.fakes.set('fundPaidUnderCommitment', async () => ({ fundFen: 7_700, settlementIds: ['STL-C'] }));
    const application = commitmentFiling();
    const handle = await open(application);
    const today = isoDateInShanghai(await h.env.currentTimeMs());
    const cancelled = await handle.executeUpdate(cancelFilingUpdate, {
      args: [{ cancel: { requestedOnlineByPerson: false, reason: '本人放弃' }, actor: clerk }],
    });
    expect(cancelled).toMatchObject({
      status: 'LAPSED',
      endedOn: today,
      recoveryObligationFen: 7_700,
      recoveryId: `REC-COM-${handle.workflowId}`,
    });
    expect(cancelled.events.find((e) => e.type === 'COMMITMENT_LAPSED')).toMatchObject({
      actor: clerk.agencyId,
      data: { cancelledOn: today },
    });
    expect(barsOf(handle.workflowId)).toEqual([
      { insuredRegion: '220000', personId: application.personId, filingId: handle.workflowId, barredOn: today },
    ]);
    expect((await handle.result()).status).toBe('LAPSED');
  });
});
