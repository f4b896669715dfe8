// Recovery deadlines on the time-skipping server with the real activities (FerretDB ledger,
// agency simulator finance): debtor reminders a week and a day before the 30-day deadline, the
// escalation when overdue, and a late payment that still ends in exactly one transfer and a
// balanced ledger (RC-1..RC-4); the F-7 entry reads the deadline from the insured region's policy.
import type { WorkflowHandle } from '@temporalio/client';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import {
  recoveryOpenedUpdate,
  recoveryQuery,
  paymentReportedUpdate,
  type RecoveryDocument,
  type RecoveryWorkflowInput,
} from '../../workflows/recovery/definitions';
import type { recoveryWorkflow } from '../../workflows/recovery/workflow';
import { commitmentRecoveryInput } from '../../workflows/recovery/startRecovery';
import { addDays, isoDateInShanghai, shanghaiMidnightEpochMs } from '../../domain/time';
import { checkLedgerBalance, ledgerEntries } from '../../models/ledger';
import { recoveryViewModel } from '../../models/recoveryView';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SIM = () => process.env.AGENCY_API_URL!;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };

async function simulator(method: string, path: string, body?: unknown, key?: string): Promise<any> {
  const res = await fetch(`${SIM()}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

describe('recovery workflow deadlines (time-skipping)', () => {
  let h: WorkflowHarness;
  let seq = 0;
  const started: string[] = [];

  beforeAll(async () => {
    h = await startWorkflowHarness();
  });
  afterAll(async () => {
    for (const id of started)
      await h.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    await h?.teardown();
  });

  async function sleepUntil(date: string, offsetMs = 0): Promise<void> {
    const target = shanghaiMidnightEpochMs(date) + offsetMs;
    const now = await h.env.currentTimeMs();
    if (target > now) await h.env.sleep(target - now);
  }

  function order(overrides: Partial<RecoveryWorkflowInput> = {}): RecoveryWorkflowInput {
    seq += 1;
    const sourceId = `AUD-T${process.pid}-${seq}-${Date.now()}`;
    return {
      recoveryId: `REC-AUD-${sourceId}`,
      source: { type: 'AUDIT', id: sourceId },
      amountFen: 88_000,
      debtor: 'H110000002',
      debtorRegion: '110000',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      scheme: 'RESIDENT',
      reason: '审核扣款：超量开药',
      fines: [],
      debtorDeadlineDays: 30,
      actor: clerk,
      ...overrides,
    };
  }

  async function start(input: RecoveryWorkflowInput): Promise<WorkflowHandle<typeof recoveryWorkflow>> {
    const handle = await h.env.client.workflow.start<typeof recoveryWorkflow>('recoveryWorkflow', {
      workflowId: input.recoveryId,
      taskQueue: h.taskQueue,
      args: [input],
    });
    started.push(input.recoveryId);
    await handle.executeUpdate(recoveryOpenedUpdate);
    return handle;
  }

  async function waitFor(handle: WorkflowHandle, ok: (doc: RecoveryDocument) => boolean, what: string): Promise<RecoveryDocument> {
    let doc: RecoveryDocument | undefined;
    for (let i = 0; i < 300; i += 1) {
      doc = (await handle.query(recoveryQuery)) as RecoveryDocument;
      if (ok(doc)) return doc;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${handle.workflowId} never reached: ${what}; last ${JSON.stringify(doc, null, 1)}`);
  }

  it('RC-3: the debtor is reminded a week and a day before the 30-day deadline and the case escalates when it passes unpaid', async () => {
    // Finance is asked weekly here (default: daily) to keep the skipped month cheap; the reminder
    // and deadline timers do not depend on it.
    const handle = await start(order({ collectionPollMs: 7 * DAY }));
    const opened = await waitFor(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
    const o = opened.orderedOn;
    expect(opened).toMatchObject({
      dueDate: addDays(o, 30),
      reminderDates: [addDays(o, 23), addDays(o, 29)],
      nextDeadline: { kind: 'REMINDER', date: addDays(o, 23) },
    });

    await sleepUntil(addDays(o, 22), DAY - HOUR);
    expect((await handle.query(recoveryQuery)).remindersSent).toBe(0);
    await sleepUntil(addDays(o, 23), HOUR);
    const first = await waitFor(
      handle,
      (d) => d.remindersSent === 1 && d.events.some((e) => e.type === 'DEBTOR_REMINDED'),
      'first reminder',
    );
    expect(first.events.find((e) => e.type === 'DEBTOR_REMINDED')?.at).toMatch(new RegExp(`^${addDays(o, 23)}T00:00`));

    await sleepUntil(addDays(o, 29), HOUR);
    await waitFor(handle, (d) => d.events.filter((e) => e.type === 'DEBTOR_REMINDED').length === 2, 'second reminder');
    await sleepUntil(addDays(o, 30), DAY - HOUR);
    expect(await handle.query(recoveryQuery)).toMatchObject({ status: 'AWAITING_PAYMENT', overdue: false });

    await sleepUntil(addDays(o, 31), HOUR);
    const overdue = await waitFor(handle, (d) => d.status === 'ESCALATED' && d.events.some((e) => e.type === 'ESCALATED'), 'escalation');
    expect(overdue).toMatchObject({ overdue: true, escalated: true, nextDeadline: null });
    expect(overdue.events.find((e) => e.type === 'OVERDUE')?.at).toMatch(new RegExp(`^${addDays(o, 31)}T00:00`));

    const debtorInbox = (await simulator('GET', '/agencies/110000/inbox')).messages.filter(
      (m: any) => m.kind === 'RECOVERY' && m.payload.recoveryId === opened.id,
    );
    expect(debtorInbox).toHaveLength(3); // the order and two reminders, each once
    const province = (await simulator('GET', '/agencies/220000/inbox')).messages.filter(
      (m: any) => m.kind === 'ESCALATION' && m.payload.caseId === opened.id,
    );
    expect(province).toHaveLength(1);

    // RC-3: paid late, the money is still collected, transferred once and reconciled.
    await simulator('POST', `/finance/collections/${opened.id}/confirm`, { amountFen: 88_000 }, `pay-${opened.id}`);
    await h.env.sleep(7 * DAY + HOUR); // the next look at finance
    const closed = await waitFor(handle, (d) => d.status === 'CLOSED', 'closed');
    expect(closed).toMatchObject({
      collectedFen: 88_000,
      transfer: { amountFen: 88_000, toAccount: 'FUND-220000-RESIDENT' },
      reconciliation: { matched: true, ledgerBalanced: true },
    });
    const transfers = (await simulator('GET', `/finance/transfers?originType=AUDIT&originId=${opened.source.id}`)).transfers;
    expect(transfers).toHaveLength(1);
    const balance = await checkLedgerBalance(h.db, { recoveryId: opened.id });
    expect(balance).toMatchObject({ balanced: true, debitFen: 176_000, creditFen: 176_000, brokenMovements: [] });
    expect((await recoveryViewModel(h.db).findById(opened.id).lean())?.status).toBe('CLOSED');
  });

  it('RC-1: fines are recorded and retained by the treatment region; only the fund money moves', async () => {
    const input = order({
      amountFen: 45_000,
      fines: [
        { kind: 'ADMINISTRATIVE_FINE', amountFen: 20_000 },
        { kind: 'CONTRACT_PENALTY', amountFen: 5_000 },
      ],
    });
    await simulator('POST', `/finance/collections/${input.recoveryId}/confirm`, { amountFen: 70_000 }, `pay-${input.recoveryId}`);
    const handle = await start(input);
    const closed = await waitFor(handle, (d) => d.status === 'CLOSED', 'closed');
    expect(closed).toMatchObject({ finesRetainedFen: 25_000, collectedFen: 45_000, transfer: { amountFen: 45_000 } });
    const transfers = (await simulator('GET', `/finance/transfers?originType=AUDIT&originId=${input.source.id}`)).transfers;
    expect(transfers.map((t: any) => t.amountFen)).toEqual([45_000]);
    const entries = await ledgerEntries(h.db, { recoveryId: input.recoveryId });
    expect(entries.every((e) => e.amountFen === 45_000)).toBe(true);
    expect(entries.map((e) => e.entryId).sort()).toEqual(
      [
        `${input.recoveryId}:COLLECT:C`,
        `${input.recoveryId}:COLLECT:D`,
        `${input.recoveryId}:TRANSFER:C`,
        `${input.recoveryId}:TRANSFER:D`,
      ].sort(),
    );
  });

  it('F-7, RC-2: a commitment recovery takes its debtor deadline from the insured region policy and collects from the person', async () => {
    seq += 1;
    const input = commitmentRecoveryInput({
      filingId: `FIL-T${process.pid}-${seq}-${Date.now()}`,
      personId: '220102199001011237',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      scheme: 'EMPLOYEE',
      amountFen: 12_345,
    });
    const handle = await start(input);
    const doc = await waitFor(handle, (d) => d.status === 'AWAITING_PAYMENT', 'notified');
    expect(doc).toMatchObject({
      id: input.recoveryId,
      source: { type: 'COMMITMENT' },
      debtor: '220102199001011237',
      debtorRegion: '220000',
      dueDate: addDays(doc.orderedOn, 30),
    });
    expect(doc.orderedOn).toBe(isoDateInShanghai(await h.env.currentTimeMs()));

    // A clerk's payment report makes the workflow ask finance now, not at the next daily poll.
    await simulator('POST', `/finance/collections/${input.recoveryId}/confirm`, { amountFen: 12_345 }, `pay-${input.recoveryId}`);
    await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk, note: '银行回单已到' }] });
    const closed = await waitFor(handle, (d) => d.status === 'CLOSED', 'closed');
    expect(closed.transfer).toMatchObject({ fromAccount: 'COLLECTION-220000', toAccount: 'FUND-220000-EMPLOYEE', amountFen: 12_345 });
  });
});
