// RC-3 with P-2 in the recovery workflow, with typed fake activities: a monthly clearing of the pair
// that claimed the debt tells the case, which stops collecting and closes as offset (one OFFSET
// movement, no transfer); finance confirming a payment the clearing already claimed does not make
// the case collect it: it waits for the clearing's word and closes the same way.
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import type { recoveryWorkflow } from '../../../workflows/recovery/workflow';
import {
  offsetInClearingSignal,
  recoveryOpenedUpdate,
  recoveryQuery,
  type RecoveryDocument,
  type RecoveryWorkflowInput,
} from '../../../workflows/recovery/definitions';

const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
type Handle = WorkflowHandle<typeof recoveryWorkflow>;

jest.setTimeout(60_000);

let h: FakeWorkflowHarness;
let seq = 0;

beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
beforeEach(() => h.fakes.reset());
afterAll(async () => h?.teardown());

function order(): RecoveryWorkflowInput {
  seq += 1;
  return {
    recoveryId: `REC-AUD-220000-offset-${seq}`,
    source: { type: 'AUDIT', id: `offset-${seq}` },
    amountFen: 5_345,
    debtor: 'H110000001',
    debtorRegion: '110000',
    insuredRegion: '220000',
    treatmentRegion: '110000',
    scheme: 'EMPLOYEE',
    reason: '年度审计：超标准收费',
    fines: [],
    debtorDeadlineDays: 30,
    actor: clerk,
  };
}

async function start(input: RecoveryWorkflowInput): Promise<Handle> {
  const handle = await h.env.client.workflow.start<typeof recoveryWorkflow>('recoveryWorkflow', {
    workflowId: input.recoveryId,
    taskQueue: h.taskQueue,
    args: [input],
  });
  await handle.executeUpdate(recoveryOpenedUpdate);
  return handle;
}

async function waitFor(handle: Handle, ok: (d: RecoveryDocument) => boolean, what: string): Promise<RecoveryDocument> {
  let doc: RecoveryDocument | undefined;
  for (let i = 0; i < 200; i += 1) {
    doc = await handle.query(recoveryQuery);
    if (ok(doc)) return doc;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${handle.workflowId} never reached: ${what}; events ${doc?.events.map((e) => e.type).join(', ')}`);
}

const clearingId = 'CLR-220000-110000-2026-12';

it('RC-3, P-2: a clearing that offset the debt closes the case: one OFFSET movement, nothing collected from the debtor or transferred', async () => {
  const input = order();
  const handle = await start(input);
  await waitFor(handle, (d) => d.status === 'AWAITING_PAYMENT', 'awaiting payment');
  await handle.signal(offsetInClearingSignal, { clearingId, amountFen: 5_345 });
  const done = await handle.result();
  expect(done).toMatchObject({
    status: 'CLOSED',
    offset: { clearingId, amountFen: 5_345 },
    collectedFen: 5_345,
    transfer: null,
    reconciliation: null,
  });
  expect(done.events.map((e) => e.type)).toEqual(['ORDERED', 'DEBTOR_NOTIFIED', 'OFFSET_IN_CLEARING', 'CLOSED']);
  expect(h.fakes.calls('bookMovement')).toEqual([
    expect.objectContaining({ step: 'OFFSET', debitAccount: 'FUND-220000-EMPLOYEE', amountFen: 5_345 }),
  ]);
  expect(h.fakes.calls('transferRecovered')).toEqual([]);
  expect(h.fakes.calls('claimRecoveryCollection')).toEqual([]);
});

it('RC-3, P-2: finance confirms a payment the clearing claimed first: the case does not collect it, waits for the clearing and closes as offset', async () => {
  h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 5_345 }));
  h.fakes.set('claimRecoveryCollection', async () => ({ settledBy: 'CLEARING' as const, clearingId }));
  const input = order();
  const handle = await start(input);
  for (let i = 0; i < 200 && h.fakes.calls('claimRecoveryCollection').length === 0; i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(h.fakes.calls('claimRecoveryCollection')).toEqual([
    { recoveryId: input.recoveryId, insuredRegion: '220000', treatmentRegion: '110000', amountFen: 5_345 },
  ]);
  expect((await handle.query(recoveryQuery)).status).toBe('AWAITING_PAYMENT');
  await handle.signal(offsetInClearingSignal, { clearingId, amountFen: 5_345 });
  const done = await handle.result();
  expect(done).toMatchObject({ status: 'CLOSED', offset: { clearingId }, transfer: null });
  expect(done.events.map((e) => e.type)).not.toContain('COLLECTED');
  expect(h.fakes.calls('bookMovement').map((m) => m.step)).toEqual(['OFFSET']);
  expect(h.fakes.calls('transferRecovered')).toEqual([]);
});

it('RC-3: a collection the case claimed goes on as before: COLLECTED, transferred once, closed', async () => {
  h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 5_345 }));
  const input = order();
  const handle = await start(input);
  const done = await handle.result();
  expect(done).toMatchObject({ status: 'CLOSED', offset: null, transfer: { transferId: `TRF-${input.recoveryId}` } });
  expect(h.fakes.calls('claimRecoveryCollection')).toHaveLength(1);
  // The transfer's movement is booked with the transfer itself (transferRecovered).
  expect(h.fakes.calls('bookMovement').map((m) => m.step)).toEqual(['COLLECT']);
  expect(h.fakes.calls('transferRecovered').map((c) => c.movement.step)).toEqual(['TRANSFER']);
});
