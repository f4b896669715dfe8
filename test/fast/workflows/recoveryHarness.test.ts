// The fake-activity harness itself: a recovery whose debtor has already paid runs to CLOSED in
// one go, with exactly one transfer to the fund account that paid (RC-1, RC-4).
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import type { recoveryWorkflow } from '../../../workflows/recovery/workflow';

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

it('RC-1, RC-4: a paid recovery closes with one transfer to the fund that paid', async () => {
  h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 50_000 }));
  const result = await h.env.client.workflow.execute<typeof recoveryWorkflow>('recoveryWorkflow', {
    workflowId: 'REC-AUD-harness-1',
    taskQueue: h.taskQueue,
    args: [
      {
        recoveryId: 'REC-AUD-harness-1',
        source: { type: 'AUDIT', id: 'harness-1' },
        amountFen: 50_000,
        debtor: 'H110000002',
        debtorRegion: '110000',
        insuredRegion: '220000',
        treatmentRegion: '110000',
        scheme: 'RESIDENT',
        reason: 'audit deduction',
        fines: [],
        debtorDeadlineDays: 30,
        actor: { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' },
      },
    ],
  });
  expect(result.status).toBe('CLOSED');
  const transfers = h.fakes.calls('transferRecovered');
  expect(transfers).toHaveLength(1);
  expect(transfers[0].transfer).toMatchObject({ toAccount: 'FUND-220000-RESIDENT', amountFen: 50_000 });
});
