// Deadlines of the filing workflow on the time-skipping server (T-4): the commitment lapse at
// exactly 6 months (F-6, F-7), proof on the last day (F-6), temporary expiry (F-2), the 6-month
// change limit (F-8), supersession (F-11), person-number change.
import type { WorkflowHandle } from '@temporalio/client';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import { newPersonId } from '../support/people';
import { temporaryFiling, longTermFiling, commitmentFiling, referralFiling } from '../support/filingRequests';
import { loadTestPolicies } from '../support/policies';
import {
  filingQuery,
  filingOpenedUpdate,
  supplyMaterialsUpdate,
  changeFilingUpdate,
  personIdChangedSignal,
  commitmentFundPaidSignal,
  type FilingDocument,
  type FilingWorkflowInput,
} from '../../workflows/filing/definitions';
import type { filingWorkflow } from '../../workflows/filing/workflow';
import { settlementRecordModel } from '../../models/settlementRecord';
import { recoveryQuery } from '../../workflows/recovery/definitions';
import type { FilingApplication } from '../../domain/filing/types';
import { isoDateInShanghai, deadlineInstantMs, shanghaiMidnightEpochMs, validThrough, addDays } from '../../domain/time';
import { isCommitmentBarred } from '../../models/personBar';
import { filingViewModel } from '../../models/filingView';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK' };

describe('filing workflow deadlines (time-skipping)', () => {
  let h: WorkflowHarness;
  const policies = loadTestPolicies();
  let seq = 0;

  beforeAll(async () => {
    h = await startWorkflowHarness();
  });
  afterAll(async () => {
    await h?.teardown();
  });

  async function today(): Promise<string> {
    return isoDateInShanghai(await h.env.currentTimeMs());
  }

  /** Moves the server clock to `offsetMs` after 00:00 Shanghai of `date`. */
  async function sleepUntil(date: string, offsetMs = 0): Promise<void> {
    const target = shanghaiMidnightEpochMs(date) + offsetMs;
    const now = await h.env.currentTimeMs();
    if (target > now) await h.env.sleep(target - now);
  }

  async function open(application: FilingApplication, commitmentBarred = false): Promise<WorkflowHandle<typeof filingWorkflow>> {
    seq += 1;
    const filingId = `FIL-T${process.pid}-${seq}-${Date.now()}`;
    const input: FilingWorkflowInput = {
      filingId,
      application,
      applicationDate: await today(),
      policy: policies.forRegion(application.insuredRegion).filing,
      commitmentBarred,
      actor: clerk,
    };
    const handle = await h.env.client.workflow.start<typeof filingWorkflow>('filingWorkflow', {
      workflowId: filingId,
      taskQueue: h.taskQueue,
      args: [input],
    });
    await handle.executeUpdate(filingOpenedUpdate);
    return handle;
  }

  /** Polls the query without unlocking time skipping (awaiting result() would skip to every later timer). */
  async function waitForStatus(handle: WorkflowHandle<typeof filingWorkflow>, status: string): Promise<FilingDocument> {
    for (let i = 0; i < 100; i += 1) {
      const doc = await handle.query(filingQuery);
      if (doc.status === status) return doc;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`filing ${handle.workflowId} never reached ${status}`);
  }

  const commitmentResident = (personId: string): FilingApplication => commitmentFiling({ personId });

  it('F-6, F-7: a commitment filing lapses at exactly 6 months and not a day earlier; 220000 bars the person', async () => {
    const personId = newPersonId();
    const handle = await open(commitmentResident(personId));
    const opened = await handle.query(filingQuery);
    expect(opened.status).toBe('COMMITMENT_PENDING');
    expect(opened.commitmentDeadline).toBe(validThrough(opened.validFrom, 6));

    // The whole last day still counts: one hour before the deadline instant it is pending.
    await sleepUntil(opened.commitmentDeadline!, DAY - HOUR);
    expect((await handle.query(filingQuery)).status).toBe('COMMITMENT_PENDING');

    await h.env.sleep(2 * HOUR);
    const lapsed: FilingDocument = await handle.result();
    expect(lapsed.status).toBe('LAPSED');
    expect(lapsed.endedOn).toBe(addDays(opened.commitmentDeadline!, 1));
    expect(lapsed.events.map((e) => e.type)).toContain('COMMITMENT_LAPSED');
    expect(await isCommitmentBarred(h.db, '220000', personId)).toBe(true);
  });

  it('F-6: proof supplied on the last day of the commitment keeps the filing', async () => {
    const handle = await open(commitmentResident(newPersonId()));
    const opened = await handle.query(filingQuery);
    await sleepUntil(opened.commitmentDeadline!, 20 * HOUR);
    const after = await handle.executeUpdate(supplyMaterialsUpdate, {
      args: [{ proof: { kind: 'RESIDENCE_PROOF', validUntil: addDays(opened.commitmentDeadline!, 400) }, actor: clerk }],
    });
    expect(after.status).toBe('ACTIVE');
    expect(after.commitmentDeadline).toBeNull();

    await h.env.sleep(10 * DAY);
    const later = await handle.query(filingQuery);
    expect(later.status).toBe('ACTIVE');
    expect(later.events.map((e) => e.type)).not.toContain('COMMITMENT_LAPSED');
  });

  it('F-7: fund money paid during the commitment becomes a recovery obligation of exactly that amount, net of reversals', async () => {
    const handle = await open(commitmentResident(newPersonId()));
    // What the lapse reads: the stored settlements made under the pending filing (S-8: a reversed one counts for nothing).
    const stored = (id: string, fundFen: number, reversed = false) => ({
      _id: id,
      settlementId: id,
      kind: 'DIRECT',
      state: 'STORED',
      fundFen,
      commitmentFilingId: handle.workflowId,
      reversal: reversed
        ? { id: `REV-${id}`, reason: 'test', reversedAt: new Date(), reversedBy: 'HOSPITAL:H110000001', deductibleFen: 0, fundFen }
        : null,
    });
    await h.db
      .collection<{ _id: string }>(settlementRecordModel(h.db).collection.name)
      .insertMany([
        stored(`STL-A-${handle.workflowId}`, 123_456),
        stored(`STL-B-${handle.workflowId}`, 1_000),
        stored(`STL-R-${handle.workflowId}`, 999, true),
      ]);
    await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-A', fundFen: 123_456 });
    await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-A', fundFen: 123_456 });
    await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-B', fundFen: 1_000 });
    const lapsed: FilingDocument = await handle.result();
    expect(lapsed.status).toBe('LAPSED');
    expect(lapsed.recoveryObligationFen).toBe(124_456);
    expect(lapsed.events.find((e) => e.type === 'RECOVERY_REQUIRED')?.data).toMatchObject({ amountFen: 124_456 });
    // RC-2: the recovery of exactly that money runs as its own case, owed by the person.
    expect(lapsed.recoveryId).toBe(`REC-COM-${handle.workflowId}`);
    const recovery = await h.env.client.workflow.getHandle(lapsed.recoveryId!).query(recoveryQuery);
    expect(recovery).toMatchObject({ amountFen: 124_456, source: { type: 'COMMITMENT', id: handle.workflowId } });
  });

  it('F-2: an OTHER_TEMPORARY filing expires the day after 6 months', async () => {
    const handle = await open(temporaryFiling());
    const opened = await handle.query(filingQuery);
    expect(opened.validUntil).toBe(validThrough(opened.validFrom, 6));
    await sleepUntil(opened.validUntil!, DAY - HOUR);
    expect((await handle.query(filingQuery)).status).toBe('ACTIVE');
    const expired: FilingDocument = await handle.result();
    expect(expired.status).toBe('EXPIRED');
    expect(await h.env.currentTimeMs()).toBeGreaterThanOrEqual(deadlineInstantMs(opened.validUntil!));
  });

  it('F-8: a 440800 LONG_TERM filing cannot be changed before 6 months in force, and can after', async () => {
    const handle = await open(longTermFiling());
    const opened = await handle.query(filingQuery);
    expect(opened.validUntil).toBeNull();
    const moveToShanghai = () =>
      handle.executeUpdate(changeFilingUpdate, { args: [{ change: { treatmentRegion: '310000' }, actor: clerk }] });

    // The last day of the sixth month is still too early; the day after is allowed.
    await sleepUntil(validThrough(opened.validFrom, 6), HOUR);
    await expect(moveToShanghai()).rejects.toMatchObject({ cause: { type: 'FILING_CHANGE_TOO_EARLY' } });
    await sleepUntil(addDays(validThrough(opened.validFrom, 6), 1), HOUR);
    const changed = await moveToShanghai();
    expect(changed.treatmentRegion).toBe('310000');
    expect(changed.events.at(-1)).toMatchObject({ type: 'CHANGED' });
  });

  it('F-11: a new filing for the same person and treatment region supersedes the live one', async () => {
    const personId = newPersonId();
    const first = await open(temporaryFiling({ personId }));
    const second = await open(referralFiling({ personId, scheme: 'RESIDENT' }));
    const firstDone = await waitForStatus(first, 'SUPERSEDED');
    expect(firstDone.supersededBy).toBe(second.workflowId);
    expect((await second.query(filingQuery)).status).toBe('ACTIVE');
    const rows = await filingViewModel(h.db).find({ personId }).lean();
    expect(rows.map((r) => r.status).sort()).toEqual(['ACTIVE', 'SUPERSEDED']);
  });

  it('X-1: a person-number change reaches the in-flight filing without breaking it', async () => {
    const handle = await open(commitmentResident(newPersonId()));
    const newId = newPersonId();
    await handle.signal(personIdChangedSignal, { newPersonId: newId, actor: clerk });
    const doc = await handle.query(filingQuery);
    expect(doc.personId).toBe(newId);
    expect(doc.formerPersonIds).toHaveLength(1);
    expect(doc.status).toBe('COMMITMENT_PENDING');
  });
});
