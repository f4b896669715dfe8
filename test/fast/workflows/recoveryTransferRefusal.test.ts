// RC-3, RC-4 in the recovery workflow with typed fake activities: finance refusing the transfer
// (a non-retryable AGENCY_REJECTED) becomes an exception on the case (TRANSFER_REFUSED, an event,
// an escalation to the province, the case stored) instead of a failed workflow; a clerk's retry
// asks for the same transferId under a new key; the money moves once and the case closes.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import type { recoveryWorkflow } from '../../../workflows/recovery/workflow';
import {
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  recoveryQuery,
  retryTransferUpdate,
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
    recoveryId: `REC-AUD-220000-refused-${seq}`,
    source: { type: 'AUDIT', id: `refused-${seq}` },
    amountFen: 66_000,
    debtor: 'H110000002',
    debtorRegion: '110000',
    insuredRegion: '220000',
    treatmentRegion: '110000',
    scheme: 'EMPLOYEE',
    reason: '审核扣款：重复收费',
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

/** Finance refuses the first `refusals` transfer requests (as agencyHttp.ts classifies a 422), then makes it. */
function financeRefuses(refusals: number) {
  let calls = 0;
  h.fakes.set('transferRecovered', async ({ transfer }) => {
    calls += 1;
    if (calls <= refusals) {
      throw ApplicationFailure.nonRetryable('POST /finance/transfers: agency rejected the request with 422', 'AGENCY_REJECTED', {
        method: 'POST',
        path: '/finance/transfers',
        status: 422,
        body: { error: { code: 'ACCOUNT_FROZEN', message: { en: 'The target fund account is frozen' } } },
      });
    }
    return { transferId: transfer.transferId, status: 'COMPLETED' as const, completedAt: '2026-03-10T10:00:00.000+08:00' };
  });
}

const paid = () => h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 66_000 }));
const stored = (id: string) => h.fakes.calls('persistRecovery').filter((c) => c.view.recoveryId === id);

it('RC-3, RC-4: a refused transfer stops the case as TRANSFER_REFUSED, escalates, and is stored; a clerk retry under a new key transfers once and closes', async () => {
  paid();
  financeRefuses(1);
  const input = order();
  const handle = await start(input);
  const id = input.recoveryId;

  const refused = await waitFor(handle, (d) => d.status === 'TRANSFER_REFUSED' && d.events.some((e) => e.type === 'ESCALATED'), 'refused');
  expect(refused).toMatchObject({
    collectedFen: 66_000,
    transfer: null,
    transferRetries: 0,
    transferRefusal: { key: `${id}:transfer`, reason: expect.stringContaining('ACCOUNT_FROZEN (The target fund account is frozen)') },
    escalated: true,
  });
  expect(refused.events.map((e) => e.type)).toEqual(['ORDERED', 'DEBTOR_NOTIFIED', 'COLLECTED', 'TRANSFER_REFUSED', 'ESCALATED']);
  expect(h.fakes.calls('escalateCase')).toEqual([
    {
      region: '220000',
      escalation: { caseId: id, caseType: 'RECOVERY', reason: expect.stringContaining('finance refused the transfer') },
      key: `${id}:escalate:1`,
    },
  ]);
  // The clerk sees it: the refusal was stored in the read model, not only kept in the workflow.
  await waitFor(handle, () => stored(id).some((c) => c.view.status === 'TRANSFER_REFUSED'), 'the refusal stored');
  expect((await handle.describe()).status.name).toBe('RUNNING');
  // Only the collection was booked: the money waits in the collection account.
  expect(h.fakes.calls('bookMovement').map((m) => m.step)).toEqual(['COLLECT']);

  const retried = await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: clerk, note: '财务已解冻基金账户' }] });
  expect(retried).toMatchObject({ status: 'COLLECTED', transferRetries: 1, transferRefusal: null });
  expect(retried.events.at(-1)).toMatchObject({ type: 'TRANSFER_RETRY_REQUESTED', actor: clerk.agencyId, note: '财务已解冻基金账户' });

  const done = await handle.result();
  expect(done).toMatchObject({ status: 'CLOSED', transfer: { transferId: `TRF-${id}`, amountFen: 66_000 }, transferRetries: 1 });
  // The same transfer (one transferId) asked twice: the refused key, then a new one.
  const transfers = h.fakes.calls('transferRecovered');
  expect(transfers.map((c) => c.key)).toEqual([`${id}:transfer`, `${id}:transfer:retry-1`]);
  expect(new Set(transfers.map((c) => c.transfer.transferId))).toEqual(new Set([`TRF-${id}`]));
  expect(done.events.filter((e) => e.type === 'TRANSFERRED')).toHaveLength(1);
});

it('RC-3, RC-4: refused again after a retry, the case waits again (escalated again); the second retry uses the next key', async () => {
  paid();
  financeRefuses(2);
  const input = order();
  const handle = await start(input);
  await waitFor(handle, (d) => d.status === 'TRANSFER_REFUSED', 'first refusal');
  await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: clerk }] });
  const again = await waitFor(
    handle,
    (d) => d.status === 'TRANSFER_REFUSED' && d.events.filter((e) => e.type === 'ESCALATED').length === 2,
    'second refusal',
  );
  expect(again.transferRefusal).toMatchObject({ key: `${input.recoveryId}:transfer:retry-1` });
  await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: clerk }] });
  expect((await handle.result()).status).toBe('CLOSED');
  expect(h.fakes.calls('transferRecovered').map((c) => c.key)).toEqual([
    `${input.recoveryId}:transfer`,
    `${input.recoveryId}:transfer:retry-1`,
    `${input.recoveryId}:transfer:retry-2`,
  ]);
});

it('RC-3: the retry validator refuses when nothing was refused, and a payment report is refused while the transfer waits', async () => {
  const input = order();
  const handle = await start(input);
  await waitFor(handle, (d) => d.status === 'AWAITING_PAYMENT', 'awaiting payment');
  const early = await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: clerk }] }).catch((e: unknown) => e);
  expect(early).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(((early as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('RECOVERY_NOT_TRANSFER_REFUSED');
  expect((await handle.query(recoveryQuery)).events.map((e) => e.type)).toEqual(['ORDERED', 'DEBTOR_NOTIFIED']);

  paid();
  financeRefuses(1);
  await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
  await waitFor(handle, (d) => d.status === 'TRANSFER_REFUSED', 'refused');
  const report = await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] }).catch((e: unknown) => e);
  expect(((report as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('RECOVERY_NOT_AWAITING_PAYMENT');
  await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: clerk }] });
  expect((await handle.result()).status).toBe('CLOSED');
});

it('RC-4: a failure that is not a refusal (bad request from our own side) still fails the workflow; it is no case for a clerk', async () => {
  paid();
  h.fakes.set('transferRecovered', async () => {
    throw ApplicationFailure.nonRetryable('invalid agency request', 'AGENCY_REQUEST_INVALID');
  });
  const input = order();
  const handle = await start(input);
  await expect(handle.result()).rejects.toThrow();
  expect((await handle.describe()).status.name).toBe('FAILED');
  expect((await handle.query(recoveryQuery)).status).toBe('COLLECTED');
});
