// The inquiry workflow on the time-skipping server with typed fake activities, through every
// deadline it keeps (T-4): the I-2 rollover of an unanswered request, the I-4 reminder before the
// answer deadline and the escalation after it, the I-3 confirmation window (silence = deemed
// confirmed), the I-3 negotiation window, and the I-5 recovery once an issue is confirmed.
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import {
  confirmInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
  type InquiryDocument,
  type InquiryWorkflowInput,
} from '../../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../../workflows/inquiry/workflow';
import { recoveryQuery, type RecoveryDocument } from '../../../workflows/recovery/definitions';
import { nextPeriod, periodDueDate } from '../../../domain/inquiry/periods';
import type { InquiryKind, ResponseInput } from '../../../domain/inquiry/types';
import { addDays } from '../../../domain/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const agency = { agencyId: 'TREATMENT_AGENCY:110000', role: 'TREATMENT_AGENCY', region: '110000' };
const OK = { result: 'VERIFIED_OK' as const, reasons: [], disallowedFen: 0 };

type Handle = WorkflowHandle<typeof inquiryWorkflow>;

let h: FakeWorkflowHarness;
let seq = 0;

beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());
beforeEach(() => h.fakes.reset());

async function open(kind: InquiryKind): Promise<Handle> {
  const inquiryId = `INQ-FAST-${process.pid}-${++seq}`;
  const input: InquiryWorkflowInput = {
    inquiryId,
    kind,
    classification: {
      suspectedViolation: true,
      visitTypeListed: true,
      overThreshold: true,
      thresholdFen: 3_000_000,
      comparison: 'GREATER_THAN',
    },
    reason: '住院费用疑似超标准收费',
    suspectedViolation: true,
    settlement: {
      settlementId: `SET-${inquiryId}`,
      insuredRegion: '220000',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      scheme: 'EMPLOYEE',
      visitType: 'INPATIENT',
      admissionDate: '2026-06-01',
      totalFen: 3_500_000,
      fundFen: 2_800_000,
    },
    terms: {
      answerWorkingDays: 10,
      reminderWorkingDaysBefore: 2,
      confirmationWorkingDays: 5,
      negotiationWorkingDays: 10,
      debtorDeadlineDays: 30,
    },
    calendars: [],
    actor: clerk,
  };
  const handle = await h.env.client.workflow.start<typeof inquiryWorkflow>('inquiryWorkflow', {
    workflowId: inquiryId,
    taskQueue: h.taskQueue,
    args: [input],
  });
  await handle.executeUpdate(inquiryOpenedUpdate);
  return handle;
}

/** Polls the query (awaiting result() would let time skip past what the test looks at). */
async function waitFor(handle: Handle, ok: (d: InquiryDocument) => boolean, what: string): Promise<InquiryDocument> {
  let doc: InquiryDocument | undefined;
  for (let i = 0; i < 200; i += 1) {
    doc = await handle.query(inquiryQuery);
    if (ok(doc)) return doc;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} never reached: ${what}; last ${JSON.stringify(doc?.events.map((e) => e.type))}`);
}

const types = (doc: InquiryDocument) => doc.events.map((e) => e.type);
const reminders = (id: string) => h.fakes.calls('remindInquiryAgency').filter((c) => c.inquiryId === id);
const escalations = (id: string) => h.fakes.calls('escalateCase').filter((c) => c.escalation.caseId === id);
const respond = (handle: Handle, response: ResponseInput = OK) =>
  handle.executeUpdate(respondInquiryUpdate, { args: [{ response, actor: agency }] });

it('I-2: an unanswered expense inquiry rolls into the next period at its deadline, counted overdue, and the agency is reminded', async () => {
  const handle = await open('EXPENSE_INQUIRY');
  const opened = await handle.query(inquiryQuery);
  expect(opened.dueDate).toBe(periodDueDate(opened.period!));

  await h.skipTo(opened.dueDate, DAY - HOUR);
  expect((await handle.query(inquiryQuery)).overdueCount).toBe(0);
  await h.skipTo(addDays(opened.dueDate, 1), HOUR);
  const rolled = await waitFor(handle, (d) => d.overdueCount === 1, 'the rollover');
  const toPeriod = nextPeriod(opened.period!);
  expect(rolled).toMatchObject({ status: 'AWAITING_RESPONSE', period: toPeriod, dueDate: periodDueDate(toPeriod), overdue: true });
  expect(rolled.events.at(-1)).toMatchObject({ type: 'ROLLED_OVER', actor: 'system', data: { fromPeriod: opened.period, toPeriod } });
  await waitFor(handle, () => reminders(handle.workflowId).length === 1, 'the rollover notice');
  expect(reminders(handle.workflowId)[0]).toMatchObject({
    region: '110000',
    key: `${handle.workflowId}:remind:1`,
    reminder: { dueDate: periodDueDate(toPeriod), note: expect.stringContaining(`rolled into period ${toPeriod}`) },
  });

  // A late answer is still taken, marked late (I-2).
  const answered = await respond(handle);
  expect(answered.response).toMatchObject({ late: true, round: 1 });
  await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
  expect((await handle.result()).status).toBe('CONFIRMED');
});

it('I-4: an issue collaboration is reminded on its reminder day, before the deadline, and escalated to the province after it', async () => {
  const handle = await open('ISSUE_COLLABORATION');
  const opened = await handle.query(inquiryQuery);
  expect(opened.reminderDate).not.toBeNull();

  await h.skipTo(opened.reminderDate!, -HOUR);
  expect(reminders(handle.workflowId)).toEqual([]);
  await h.skipTo(opened.reminderDate!, HOUR);
  await waitFor(handle, (d) => types(d).includes('REMINDER_SENT'), 'the reminder');
  await waitFor(handle, () => reminders(handle.workflowId).length === 1, 'the reminder message');
  expect(reminders(handle.workflowId)[0]).toMatchObject({ key: `${handle.workflowId}:remind:1`, reminder: { dueDate: opened.dueDate } });

  await h.skipTo(opened.dueDate, DAY - HOUR);
  expect((await handle.query(inquiryQuery)).status).toBe('AWAITING_RESPONSE');
  expect(escalations(handle.workflowId)).toEqual([]);
  await h.skipTo(addDays(opened.dueDate, 1), HOUR);
  const escalated = await waitFor(handle, (d) => types(d).includes('ESCALATION_SENT'), 'the escalation');
  expect(escalated).toMatchObject({ status: 'ESCALATED', overdue: true, escalated: true, nextDeadline: null });
  expect(escalations(handle.workflowId)).toEqual([
    {
      region: '220000',
      escalation: { caseId: handle.workflowId, caseType: 'INQUIRY', reason: expect.stringContaining(opened.dueDate) },
      key: `${handle.workflowId}:escalate:1`,
    },
  ]);
  // The first receiver stays responsible (I-4): it may still answer, late.
  expect((await respond(handle)).response).toMatchObject({ late: true });
  await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
  expect((await handle.result()).status).toBe('CONFIRMED');
});

it('I-3: an answer nobody confirms or disputes within 5 working days is deemed confirmed when the window ends', async () => {
  const handle = await open('EXPENSE_INQUIRY');
  const answered = await respond(handle);
  const due = answered.confirmationDueDate!;
  expect(answered.nextDeadline).toEqual({ kind: 'CONFIRMATION_DUE', date: due });

  await h.skipTo(due, DAY - HOUR);
  expect((await handle.query(inquiryQuery)).status).toBe('AWAITING_CONFIRMATION');
  const done = await handle.result();
  expect(done).toMatchObject({ status: 'CONFIRMED', closedOn: due, confirmation: { decision: 'CONFIRM', deemed: true }, recoveryId: null });
  expect(done.events.at(-1)).toMatchObject({ type: 'CONFIRMATION_DEEMED', actor: 'system', note: 'I-3' });
});

it('I-3: a dispute opens a negotiation; when its window passes without a new answer the case goes to the provincial agency', async () => {
  const handle = await open('EXPENSE_INQUIRY');
  await respond(handle);
  const disputed = await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'DISPUTE', note: '重复收费', actor: clerk }] });
  expect(disputed).toMatchObject({ status: 'NEGOTIATING', nextDeadline: { kind: 'NEGOTIATION_DUE', date: disputed.negotiationDueDate } });

  await h.skipTo(disputed.negotiationDueDate!, DAY - HOUR);
  expect(escalations(handle.workflowId)).toEqual([]);
  await h.skipTo(addDays(disputed.negotiationDueDate!, 1), HOUR);
  const escalated = await waitFor(handle, (d) => types(d).includes('ESCALATION_SENT'), 'the escalation');
  expect(escalated.status).toBe('ESCALATED');
  expect(escalated.events.find((e) => e.type === 'ESCALATED')).toMatchObject({
    note: 'I-3',
    data: { missedNegotiationDate: disputed.negotiationDueDate },
  });
  expect(escalations(handle.workflowId)).toHaveLength(1);
  expect(escalations(handle.workflowId)[0]).toMatchObject({ region: '220000', key: `${handle.workflowId}:escalate:1` });

  await respond(handle, { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 });
  await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
  expect((await handle.result()).status).toBe('CONFIRMED');
});

it('I-5: a VERIFIED_ISSUE answer, once confirmed, starts the recovery of exactly the disallowed amount', async () => {
  // The recovery child runs on this worker too: let finance confirm the payment so it closes.
  h.fakes.set('checkCollection', async ({ recoveryId }) => ({ recoveryId, confirmed: true, amountFen: 120_000 }));
  const handle = await open('EXPENSE_INQUIRY');
  await respond(handle, { result: 'VERIFIED_ISSUE', reasons: ['超标准收费'], disallowedFen: 120_000 });
  const confirmed = await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
  const recoveryId = `REC-INQ-${handle.workflowId}`;
  expect(confirmed).toMatchObject({ status: 'CONFIRMED', recoveryId });

  const done = await handle.result();
  expect(types(done).slice(-2)).toEqual(['CONFIRMED', 'RECOVERY_STARTED']);
  expect(done.events.at(-1)).toMatchObject({ actor: 'system', data: { recoveryId, amountFen: 120_000 } });
  const recovery = h.env.client.workflow.getHandle(recoveryId);
  let doc: RecoveryDocument | undefined;
  for (let i = 0; i < 200 && doc?.status !== 'CLOSED'; i += 1) {
    doc = await recovery.query(recoveryQuery);
    if (doc.status !== 'CLOSED') await new Promise((r) => setTimeout(r, 50));
  }
  expect(doc).toMatchObject({
    status: 'CLOSED',
    amountFen: 120_000,
    debtor: 'H110000001',
    source: { type: 'INQUIRY', id: handle.workflowId },
  });
});
