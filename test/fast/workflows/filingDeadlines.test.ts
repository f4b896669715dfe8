// The filing workflow on the time-skipping server with typed fake activities: every deadline path
// (F-2 expiry, F-6 proof in time, F-7 lapse with its bar and recovery, F-8 cancel ending the
// timers) and the F-11 supersession, including one whose other case has already ended.
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import { commitmentFiling, temporaryFiling } from '../../support/filingRequests';
import { loadTestPolicies } from '../../support/policies';
import {
  cancelFilingUpdate,
  commitmentFundPaidSignal,
  filingOpenedUpdate,
  filingQuery,
  supplyMaterialsUpdate,
  type FilingDocument,
} from '../../../workflows/filing/definitions';
import type { filingWorkflow } from '../../../workflows/filing/workflow';
import { recoveryQuery, type RecoveryDocument } from '../../../workflows/recovery/definitions';
import type { FilingApplication } from '../../../domain/filing/types';
import { addDays, deadlineInstantMs, isoDateInShanghai, validThrough } from '../../../domain/time';
import { temporal } from '@temporalio/proto';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', userId: 'clerk-7' };
const SYSTEM = { agencyId: 'system', role: 'SYSTEM' };
const { EventType } = temporal.api.enums.v1;

type Handle = WorkflowHandle<typeof filingWorkflow>;

let h: FakeWorkflowHarness;
let seq = 0;

beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());
beforeEach(() => h.fakes.reset());

async function open(application: FilingApplication): Promise<Handle> {
  const filingId = `FIL-FAST-${process.pid}-${++seq}`;
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

/** Every audit record the case handed to persistFiling, in order. */
const auditOf = (filingId: string) =>
  h.fakes
    .calls('persistFiling')
    .filter((c) => c.view.filingId === filingId)
    .flatMap((c) => c.audit);

const barsOf = (filingId: string) => h.fakes.calls('recordCommitmentBar').filter((b) => b.filingId === filingId);

/** Polls a query without awaiting a result (which would let time skip past what the test looks at). */
async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 200; i += 1) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never reached: ${what}; last ${JSON.stringify(last)}`);
}

const types = (doc: FilingDocument) => doc.events.map((e) => e.type);

describe('filing deadlines (T-4) with fake activities', () => {
  it('F-2: a temporary filing expires at 00:00 after its last valid day, not an hour earlier', async () => {
    const handle = await open(temporaryFiling());
    const opened = await handle.query(filingQuery);
    expect(opened.validUntil).toBe(validThrough(opened.validFrom, 6));
    expect(opened.nextDeadline).toEqual({ kind: 'EXPIRY', date: opened.validUntil });

    await h.skipTo(opened.validUntil!, DAY - HOUR);
    expect((await handle.query(filingQuery)).status).toBe('ACTIVE');

    const expired = await handle.result();
    expect(expired).toMatchObject({ status: 'EXPIRED', endedOn: addDays(opened.validUntil!, 1), nextDeadline: null });
    expect(await h.env.currentTimeMs()).toBeGreaterThanOrEqual(deadlineInstantMs(opened.validUntil!));
    expect(auditOf(handle.workflowId).at(-1)).toMatchObject({ action: 'EXPIRED', actor: SYSTEM, caseType: 'FILING' });
  });

  it('F-6: proof supplied before the deadline makes the filing normal: no lapse, no bar', async () => {
    const handle = await open(commitmentFiling());
    const opened = await handle.query(filingQuery);
    await h.skipTo(opened.commitmentDeadline!, 20 * HOUR);
    const proof = { kind: 'RESIDENCE_PROOF', validUntil: addDays(opened.commitmentDeadline!, 400) };
    const active = await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ proof, actor: clerk }] });
    expect(active).toMatchObject({ status: 'ACTIVE', commitmentDeadline: null, validUntil: proof.validUntil });
    expect(active.nextDeadline).toEqual({ kind: 'EXPIRY', date: proof.validUntil });

    // Well past the old commitment deadline the filing still stands.
    await h.skipTo(addDays(opened.commitmentDeadline!, 10));
    const later = await handle.query(filingQuery);
    expect(later.status).toBe('ACTIVE');
    expect(types(later)).not.toContain('COMMITMENT_LAPSED');
    expect(barsOf(handle.workflowId)).toEqual([]);
    expect(auditOf(handle.workflowId).find((a) => a.action === 'MATERIALS_SUPPLIED')?.actor).toEqual(clerk);

    await handle.executeUpdate(cancelFilingUpdate, { args: [{ cancel: { requestedOnlineByPerson: false }, actor: clerk }] });
    expect((await handle.result()).status).toBe('CANCELLED');
  });

  it('F-8: cancelling ends the timers: the case closes at once and its expiry never fires', async () => {
    const handle = await open(temporaryFiling());
    const opened = await handle.query(filingQuery);
    const cancelled = await handle.executeUpdate(cancelFilingUpdate, {
      args: [{ cancel: { requestedOnlineByPerson: false, reason: 'moved back' }, actor: clerk }],
    });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', nextDeadline: null });
    await waitFor(
      async () => (await handle.describe()).status.name,
      (s) => s === 'COMPLETED',
      'the case closed',
    );
    await h.skipTo(addDays(opened.validUntil!, 2));

    const history = (await handle.fetchHistory()).events ?? [];
    const kinds = history.map((e) => e.eventType);
    expect(kinds).toContain(EventType.EVENT_TYPE_TIMER_STARTED);
    expect(kinds).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
    expect(kinds).not.toContain(EventType.EVENT_TYPE_TIMER_FIRED);
    const done = await handle.query(filingQuery);
    expect(types(done)).toEqual(['CREATED', 'CANCELLED']);
    expect(done.events[1]).toMatchObject({ actor: clerk.agencyId, note: 'moved back' });
  });

  it('F-6, F-7 440800: a lapsed commitment with nothing paid bars nobody and starts no recovery', async () => {
    const handle = await open(commitmentFiling({ insuredRegion: '440800', subtype: 'RESETTLED' }));
    const opened = await handle.query(filingQuery);
    const lapsed = await handle.result();
    expect(lapsed).toMatchObject({ status: 'LAPSED', endedOn: addDays(opened.commitmentDeadline!, 1), recoveryId: null });
    expect(lapsed.events.find((e) => e.type === 'COMMITMENT_LAPSED')?.data).toMatchObject({ barPerson: false, fundPaidFen: 0 });
    expect(barsOf(handle.workflowId)).toEqual([]);
    expect(types(lapsed)).not.toContain('RECOVERY_REQUIRED');
  });

  it('F-6, F-7 220000: at the end of 6 months the commitment lapses, the person is barred and what was paid is recovered', async () => {
    // The recovery child runs on this worker too: let finance confirm the payment so it closes.
    h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 123_456 }));
    // F-7: the amount is what the stored settlements say at the lapse, not what messages told the case.
    h.fakes.set('fundPaidUnderCommitment', async () => ({ fundFen: 123_456, settlementIds: ['STL-A', 'STL-B'] }));
    const application = commitmentFiling();
    const handle = await open(application);
    const opened = await handle.query(filingQuery);
    await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-A', fundFen: 100_000 });
    await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-A', fundFen: 100_000 });
    await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-B', fundFen: 23_456 });

    // The whole last day still counts (F-4): pending an hour before the timer, no bar yet.
    await h.skipTo(opened.commitmentDeadline!, DAY - HOUR);
    const lastDay = await handle.query(filingQuery);
    expect(lastDay).toMatchObject({ status: 'COMMITMENT_PENDING', fundPaidUnderCommitmentFen: 123_456 });
    expect(barsOf(handle.workflowId)).toEqual([]);

    const lapsed = await handle.result();
    const barredOn = addDays(opened.commitmentDeadline!, 1);
    expect(lapsed).toMatchObject({
      status: 'LAPSED',
      endedOn: barredOn,
      recoveryObligationFen: 123_456,
      recoveryId: `REC-COM-${handle.workflowId}`,
    });
    expect(barsOf(handle.workflowId)).toEqual([
      { insuredRegion: '220000', personId: application.personId, filingId: handle.workflowId, barredOn },
    ]);
    expect(h.fakes.calls('fundPaidUnderCommitment')).toEqual([{ filingId: handle.workflowId }]);
    const tail = auditOf(handle.workflowId).slice(-3);
    expect(tail.map((a) => a.action)).toEqual(['COMMITMENT_LAPSED', 'RECOVERY_REQUIRED', 'RECOVERY_STARTED']);
    expect(tail.every((a) => a.actor.role === 'SYSTEM')).toBe(true);

    // RC-2: the recovery of exactly that money runs as its own case, owed by the person.
    const recovery = h.env.client.workflow.getHandle(lapsed.recoveryId!);
    const closed = await waitFor(
      () => recovery.query(recoveryQuery),
      (r: RecoveryDocument) => r.status === 'CLOSED',
      'the recovery closed',
    );
    expect(closed).toMatchObject({
      amountFen: 123_456,
      debtor: application.personId,
      source: { type: 'COMMITMENT', id: handle.workflowId },
    });
  });
});

describe('F-11 supersession with fake activities', () => {
  it('F-11: a new filing supersedes the live one; E-2: the supersession is audited as the system, each event with its own actor', async () => {
    const first = await open(temporaryFiling());
    const personId = (await first.query(filingQuery)).personId;
    h.fakes.set('claimFilingSlot', async ({ filingId }) => ({ supersede: [first.workflowId].filter((id) => id !== filingId) }));
    const second = await open(temporaryFiling({ personId }));

    const superseded = await waitFor(
      () => first.query(filingQuery),
      (d) => d.status === 'SUPERSEDED',
      'the first filing superseded',
    );
    expect(superseded.supersededBy).toBe(second.workflowId);
    expect((await first.result()).status).toBe('SUPERSEDED');
    expect(auditOf(first.workflowId).at(-1)).toMatchObject({ action: 'SUPERSEDED', actor: SYSTEM });

    expect(h.fakes.calls('claimFilingSlot').at(-1)).toEqual({
      claimId: second.workflowId,
      filingId: second.workflowId,
      personId,
      treatmentRegion: '110000',
    });
    const audit = auditOf(second.workflowId);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['CREATED', clerk],
      ['SUPERSEDED_PREVIOUS', SYSTEM],
    ]);
    expect(audit[1]).toMatchObject({ caseType: 'FILING', caseId: second.workflowId, details: { filingId: first.workflowId } });
    await second.executeUpdate(cancelFilingUpdate, { args: [{ cancel: { requestedOnlineByPerson: false }, actor: clerk }] });
  });

  it('F-11: a filing whose case has already ended is skipped, and the new case says why instead of failing', async () => {
    h.fakes.set('claimFilingSlot', async () => ({ supersede: ['FIL-ENDED-LONG-AGO'] }));
    const handle = await open(temporaryFiling());
    const doc = await handle.query(filingQuery);
    expect(doc.status).toBe('ACTIVE');
    const skipped = doc.events.find((e) => e.type === 'SUPERSESSION_SKIPPED');
    expect(skipped).toMatchObject({ actor: 'system', note: 'F-11', data: { filingId: 'FIL-ENDED-LONG-AGO' } });
    expect(String(skipped!.data!.reason)).toMatch(/not found/i);
    expect(types(doc)).not.toContain('SUPERSEDED_PREVIOUS');
    // The skip is audited with the opening, once.
    expect(auditOf(handle.workflowId).map((a) => a.action)).toEqual(['CREATED', 'SUPERSESSION_SKIPPED']);
    const cancelled = await handle.executeUpdate(cancelFilingUpdate, {
      args: [{ cancel: { requestedOnlineByPerson: false }, actor: clerk }],
    });
    expect(cancelled.status).toBe('CANCELLED');
  });
});
