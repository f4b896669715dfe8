// Every deadline path of a recovery (RC-1..RC-4, T-4) on the time-skipping server with typed
// fake activities: reminders, the deadline passing unpaid, a clerk's payment report, a payment
// after the escalation, a refused notice, a reconciliation that matches only later, and finance
// checks that fail for a while. The fakes record what the workflow asked other systems to do.
import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import type { recoveryWorkflow } from '../../../workflows/recovery/workflow';
import {
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  recoveryQuery,
  type RecoveryDocument,
  type RecoveryWorkflowInput,
} from '../../../workflows/recovery/definitions';
import { addDays, isoDateInShanghai } from '../../../domain/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };

type Handle = WorkflowHandle<typeof recoveryWorkflow>;

jest.setTimeout(60_000);

let h: FakeWorkflowHarness;
let seq = 0;
let open: Handle[] = [];

beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterEach(async () => {
  // A case left running (a failed test) would answer later tests' fakes. Terminating it while one
  // of its activities is in flight can stall the test server's clock, so let those finish first.
  if (open.length) await new Promise((r) => setTimeout(r, 300));
  for (const handle of open) await handle.terminate('test done').catch(() => undefined);
  open = [];
  h.fakes.reset();
});
afterAll(async () => h?.teardown());

function order(overrides: Partial<RecoveryWorkflowInput> = {}): RecoveryWorkflowInput {
  seq += 1;
  return {
    recoveryId: `REC-AUD-fast-${seq}`,
    source: { type: 'AUDIT', id: `fast-${seq}` },
    amountFen: 88_000,
    debtor: 'H110000002',
    debtorRegion: '110000',
    insuredRegion: '220100',
    treatmentRegion: '110000',
    scheme: 'RESIDENT',
    reason: '审核扣款：超量开药',
    fines: [],
    debtorDeadlineDays: 30,
    actor: clerk,
    ...overrides,
  };
}

async function start(input: RecoveryWorkflowInput): Promise<Handle> {
  const handle = await h.env.client.workflow.start<typeof recoveryWorkflow>('recoveryWorkflow', {
    workflowId: input.recoveryId,
    taskQueue: h.taskQueue,
    args: [input],
  });
  open.push(handle);
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

const types = (doc: RecoveryDocument) => doc.events.map((e) => e.type);
const count = (doc: RecoveryDocument, type: string) => doc.events.filter((e) => e.type === type).length;
const paid = (amountFen = 88_000) => h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen }));
/** Audit records the workflow handed to the store, by action. */
const audited = (action: string) =>
  h.fakes
    .calls('persistRecovery')
    .flatMap((c) => c.audit)
    .filter((a) => a.action === action);

it('RC-3: reminders a week and a day before the deadline; the deadline passing unpaid escalates once; a late payment is transferred once', async () => {
  // Finance is asked weekly here to keep the skipped month cheap; the reminder and deadline timers do not depend on it.
  const input = order({ collectionPollMs: 7 * DAY });
  const handle = await start(input);
  const opened = await waitFor(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
  const o = opened.orderedOn;
  expect(opened).toMatchObject({ dueDate: addDays(o, 30), reminderDates: [addDays(o, 23), addDays(o, 29)] });

  await h.skipTo(addDays(o, 22), DAY - HOUR);
  expect((await handle.query(recoveryQuery)).remindersSent).toBe(0);
  await h.skipTo(addDays(o, 23), HOUR);
  const first = await waitFor(handle, (d) => count(d, 'DEBTOR_REMINDED') === 1, 'first reminder');
  expect(first.events.find((e) => e.type === 'DEBTOR_REMINDED')?.at).toMatch(new RegExp(`^${addDays(o, 23)}T00:00`));
  expect(first.nextDeadline).toEqual({ kind: 'REMINDER', date: addDays(o, 29) });

  await h.skipTo(addDays(o, 29), HOUR);
  await waitFor(handle, (d) => count(d, 'DEBTOR_REMINDED') === 2, 'second reminder');
  expect(h.fakes.calls('notifyDebtor').map((c) => c.key)).toEqual([
    `${input.recoveryId}:notify-debtor`,
    `${input.recoveryId}:remind-debtor:1`,
    `${input.recoveryId}:remind-debtor:2`,
  ]);
  await h.skipTo(addDays(o, 30), DAY - HOUR);
  expect(await handle.query(recoveryQuery)).toMatchObject({ status: 'AWAITING_PAYMENT', overdue: false });
  expect(h.fakes.calls('escalateCase')).toHaveLength(0);

  await h.skipTo(addDays(o, 31), HOUR);
  const overdue = await waitFor(handle, (d) => d.status === 'ESCALATED' && count(d, 'ESCALATED') === 1, 'escalation');
  expect(overdue).toMatchObject({ overdue: true, escalated: true, nextDeadline: null });
  expect(overdue.events.find((e) => e.type === 'OVERDUE')?.at).toMatch(new RegExp(`^${addDays(o, 31)}T00:00`));
  expect(h.fakes.calls('escalateCase')).toEqual([
    {
      region: '220000',
      escalation: {
        caseId: input.recoveryId,
        caseType: 'RECOVERY',
        reason: `recovery ${input.recoveryId}: 88000 fen unpaid after the debtor deadline ${addDays(o, 30)}`,
      },
      key: `${input.recoveryId}:escalate:1`,
    },
  ]);

  // Weeks more unpaid: finance is still asked, nobody is escalated to again.
  const checksBefore = h.fakes.calls('checkCollection').length;
  await h.skipTo(addDays(o, 50));
  expect(h.fakes.calls('checkCollection').length).toBeGreaterThanOrEqual(checksBefore + 2);
  expect(h.fakes.calls('escalateCase')).toHaveLength(1);

  // RC-3: paid late, the money is still collected, transferred once and reconciled.
  paid();
  const closed = await handle.result();
  expect(closed).toMatchObject({
    status: 'CLOSED',
    collectedFen: 88_000,
    transfer: { amountFen: 88_000, toAccount: 'FUND-220100-RESIDENT' },
  });
  expect(h.fakes.calls('transferRecovered')).toHaveLength(1);
  expect(h.fakes.calls('bookMovement').map((m) => m.step)).toEqual(['COLLECT']);
  expect(h.fakes.calls('escalateCase')).toHaveLength(1);
  expect(h.fakes.calls('notifyDebtor')).toHaveLength(3);
  expect(types(closed)).toEqual([
    'ORDERED',
    'DEBTOR_NOTIFIED',
    'DEBTOR_REMINDED',
    'DEBTOR_REMINDED',
    'OVERDUE',
    'ESCALATED',
    'COLLECTED',
    'TRANSFERRED',
    'RECONCILED',
    'CLOSED',
  ]);
  // Every event reached the audit log exactly once.
  expect(h.fakes.calls('persistRecovery').flatMap((c) => c.audit.map((a) => a.eventId))).toEqual(
    closed.events.map((e) => `${input.recoveryId}:${e.seq}`),
  );
});

it('RC-3: a payment reported by a clerk wakes the collection at once; finance decides', async () => {
  const input = order(); // finance asked daily
  const handle = await start(input);
  await waitFor(handle, () => h.fakes.calls('checkCollection').length === 1, 'first look at finance');
  const before = await h.env.currentTimeMs();

  // Finance has nothing yet: the report is kept and stored, the case keeps waiting.
  const reported = await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk, note: '银行回单已到' }] });
  expect(reported.events.at(-1)).toMatchObject({ type: 'PAYMENT_REPORTED', actor: clerk.agencyId, note: '银行回单已到' });
  await waitFor(handle, () => audited('PAYMENT_REPORTED').length === 1, 'the report stored');
  expect(h.fakes.calls('checkCollection')).toHaveLength(2);
  expect((await handle.query(recoveryQuery)).status).toBe('AWAITING_PAYMENT');

  // The debtor pays; the next report finds it at once, not at tomorrow's check.
  paid();
  await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
  const closed = await handle.result();
  // Closed the day of the report (read from the case: the server clock runs on for other cases).
  expect(closed.closedOn).toBe(isoDateInShanghai(before));
  expect(closed.status).toBe('CLOSED');
  expect(h.fakes.calls('checkCollection')).toHaveLength(3);
  expect(h.fakes.calls('transferRecovered')).toHaveLength(1);
  expect(count(closed, 'PAYMENT_REPORTED')).toBe(2);
});

it('RC-3: finance checks that find nothing record nothing and store nothing', async () => {
  const handle = await start(order());
  await waitFor(handle, () => h.fakes.calls('checkCollection').length === 1, 'first look at finance');
  const stored = h.fakes.calls('persistRecovery').length;
  const doc = await handle.query(recoveryQuery);
  await h.env.sleep(5 * DAY);
  await waitFor(handle, () => h.fakes.calls('checkCollection').length >= 6, 'five more daily checks');
  expect(h.fakes.calls('persistRecovery')).toHaveLength(stored);
  expect((await handle.query(recoveryQuery)).events).toEqual(doc.events);
  paid();
  await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
  expect((await handle.result()).status).toBe('CLOSED');
});

it("RC-3: a notice the debtor's agency refuses is escalated at once; the case still collects, with one transfer", async () => {
  h.fakes.set('notifyDebtor', async () => {
    throw ApplicationFailure.nonRetryable('debtor unknown at this agency', 'AGENCY_REJECTED');
  });
  const input = order();
  const handle = await start(input);
  const doc = await waitFor(handle, (d) => count(d, 'ESCALATED') === 1, 'notice refused and escalated');
  expect(types(doc)).toEqual(['ORDERED', 'DEBTOR_NOTICE_REJECTED', 'ESCALATED']);
  expect(doc.events[1].data).toMatchObject({ error: 'debtor unknown at this agency' });
  expect(doc).toMatchObject({ escalated: true, overdue: false, nextDeadline: { kind: 'REMINDER' } });
  expect(h.fakes.calls('escalateCase')).toEqual([expect.objectContaining({ region: '220000', key: `${input.recoveryId}:escalate:1` })]);

  paid();
  await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
  const closed = await handle.result();
  expect(closed.status).toBe('CLOSED');
  expect(h.fakes.calls('transferRecovered')).toHaveLength(1);
  expect(h.fakes.calls('escalateCase')).toHaveLength(1);
});

it('RC-4, P-2: a reconciliation mismatch is retried hourly until it matches: one exception, one escalation', async () => {
  const attemptsAt: number[] = [];
  h.fakes.set('reconcileRecovery', async ({ expected }) => {
    attemptsAt.push(await h.env.currentTimeMs());
    const matched = attemptsAt.length > 3;
    return {
      matched,
      financeAmountFen: matched ? expected.amountFen : 0,
      ledgerBalanced: true,
      repairedEntries: [],
      problems: matched ? [] : ['finance has no transfer'],
    };
  });
  paid();
  const input = order();
  const handle = await start(input);
  const closed = await handle.result();

  expect(closed.status).toBe('CLOSED');
  expect(attemptsAt).toHaveLength(4);
  for (let i = 1; i < attemptsAt.length; i += 1) expect(attemptsAt[i] - attemptsAt[i - 1]).toBeGreaterThanOrEqual(HOUR);
  expect(attemptsAt[3] - attemptsAt[0]).toBeLessThan(3 * HOUR + 5 * 60_000);
  expect(count(closed, 'RECONCILIATION_EXCEPTION')).toBe(1);
  expect(closed.events.find((e) => e.type === 'RECONCILIATION_EXCEPTION')?.data).toEqual({
    attempt: 1,
    problems: ['finance has no transfer'],
  });
  expect(h.fakes.calls('escalateCase')).toEqual([
    expect.objectContaining({
      key: `${input.recoveryId}:escalate:1`,
      escalation: expect.objectContaining({ reason: expect.stringContaining('reconciliation mismatch') }),
    }),
  ]);
  expect(closed.reconciliation).toMatchObject({ matched: true, problems: [] });
  expect(h.fakes.calls('transferRecovered')).toHaveLength(1);
  // Stored on change only: ordered, notified, collected, transferred, the exception, reconciled, closed.
  expect(h.fakes.calls('persistRecovery')).toHaveLength(7);
});

it('RC-3: finance checks that fail are recorded once per outage, and once more when finance answers again', async () => {
  let checks = 0;
  h.fakes.set('checkCollection', async ({ recoveryId }) => {
    checks += 1;
    // The first check answers; the next three days finance is down; then it answers, and on day 5 the money is there.
    if (checks >= 2 && checks <= 4) throw ApplicationFailure.nonRetryable('statement service down', 'UPSTREAM_DOWN');
    return { recoveryId, confirmed: checks >= 6, amountFen: checks >= 6 ? 88_000 : 0 };
  });
  const handle = await start(order());
  await waitFor(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
  await h.env.sleep(3 * DAY + HOUR);
  const down = await waitFor(handle, () => checks === 4, 'three failed checks');
  expect(down.events.filter((e) => e.type.startsWith('FINANCE_CHECK'))).toEqual([
    expect.objectContaining({ type: 'FINANCE_CHECK_FAILED', data: { error: 'statement service down' } }),
  ]);
  expect(audited('FINANCE_CHECK_FAILED')).toHaveLength(1);

  const closed = await handle.result();
  expect(closed.events.filter((e) => e.type.startsWith('FINANCE_CHECK')).map((e) => [e.type, e.data])).toEqual([
    ['FINANCE_CHECK_FAILED', { error: 'statement service down' }],
    ['FINANCE_CHECK_RESUMED', { failedChecks: 3 }],
  ]);
  expect(closed.status).toBe('CLOSED');
  expect(h.fakes.calls('transferRecovered')).toHaveLength(1);
});
