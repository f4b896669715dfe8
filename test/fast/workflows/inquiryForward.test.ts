// I-4 first responder in the inquiry workflow, on the time-skipping server with typed fake
// activities: the addressed agency forwards an issue collaboration; the agency forwarded to is told
// once through its own system (its own idempotency key per forward) and may answer; the first
// receiver stays responsible: the deadline, the reminder and the escalation do not move.
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import {
  confirmInquiryUpdate,
  forwardInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
  type InquiryDocument,
  type InquiryWorkflowInput,
} from '../../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../../workflows/inquiry/workflow';
import type { InquiryKind } from '../../../domain/inquiry/types';
import { addDays } from '../../../domain/time';

const HOUR = 3_600_000;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const agency = (region: string) => ({ agencyId: `TREATMENT_AGENCY:${region}`, role: 'TREATMENT_AGENCY', region });
const OK = { result: 'VERIFIED_OK' as const, reasons: [], disallowedFen: 0 };

type Handle = WorkflowHandle<typeof inquiryWorkflow>;

let h: FakeWorkflowHarness;
let seq = 0;

beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());
beforeEach(() => h.fakes.reset());

async function open(kind: InquiryKind = 'ISSUE_COLLABORATION'): Promise<Handle> {
  const inquiryId = `INQ-FWD-${process.pid}-${++seq}`;
  const input: InquiryWorkflowInput = {
    inquiryId,
    kind,
    classification: {
      suspectedViolation: false,
      visitTypeListed: true,
      overThreshold: false,
      thresholdFen: 3_000_000,
      comparison: 'GREATER_THAN',
    },
    reason: '请核实该患者是否在贵地住院',
    suspectedViolation: false,
    settlement: {
      settlementId: `SET-${inquiryId}`,
      insuredRegion: '220000',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      scheme: 'EMPLOYEE',
      visitType: 'INPATIENT',
      admissionDate: '2026-06-01',
      totalFen: 1_500_000,
      fundFen: 1_000_000,
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
const notices = (id: string) => h.fakes.calls('notifyInquiryAgency').filter((c) => c.notice.inquiryId === id);
const forward = (handle: Handle, toAgencyRegion: string, by = agency('110000'), note = '患者转至上海就医，请上海经办机构答复') =>
  handle.executeUpdate(forwardInquiryUpdate, { args: [{ toAgencyRegion, note, actor: by }] });

/** The catalogue code an update was refused with (its validator's ApplicationFailure type). */
async function refusal(update: Promise<unknown>): Promise<string | undefined> {
  const err = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

it("I-4: a forward tells the new agency once under its own key; the deadline, the reminder and the escalation stay the first receiver's", async () => {
  const handle = await open();
  const opened = await handle.query(inquiryQuery);

  const forwarded = await forward(handle, '310000');
  expect(forwarded).toMatchObject({
    status: 'AWAITING_RESPONSE',
    treatmentRegion: '110000',
    dueDate: opened.dueDate,
    reminderDate: opened.reminderDate,
    nextDeadline: opened.nextDeadline,
    forwardedTo: ['310000'],
    forwards: [{ toAgencyRegion: '310000', fromAgencyRegion: '110000', note: '患者转至上海就医，请上海经办机构答复' }],
  });
  expect(forwarded.events.at(-1)).toMatchObject({
    type: 'FORWARDED',
    actor: 'TREATMENT_AGENCY:110000',
    note: 'I-4',
    data: { from: '110000', to: '310000' },
  });

  await waitFor(handle, (d) => types(d).includes('FORWARD_NOTIFIED'), 'the forward notice');
  expect(notices(handle.workflowId).map((c) => [c.region, c.key])).toEqual([
    ['110000', `${handle.workflowId}:notify-inquiry`],
    ['310000', `${handle.workflowId}:forward:1`],
  ]);
  expect(notices(handle.workflowId)[1].notice).toMatchObject({
    dueDate: opened.dueDate,
    reason: expect.stringContaining('I-4 forwarded by 110000'),
  });

  // A second agency gets its own message, under the next key.
  await forward(handle, '440800');
  await waitFor(handle, (d) => types(d).filter((t) => t === 'FORWARD_NOTIFIED').length === 2, 'the second forward notice');
  expect(notices(handle.workflowId).at(-1)).toMatchObject({ region: '440800', key: `${handle.workflowId}:forward:2` });

  // The first receiver is reminded and, past the deadline, the case is escalated as before.
  await h.skipTo(opened.reminderDate!, HOUR);
  await waitFor(handle, (d) => types(d).includes('REMINDER_SENT'), 'the reminder');
  await waitFor(handle, () => h.fakes.calls('remindInquiryAgency').some((c) => c.inquiryId === handle.workflowId), 'the reminder message');
  expect(h.fakes.calls('remindInquiryAgency').filter((c) => c.inquiryId === handle.workflowId)).toEqual([
    expect.objectContaining({ region: '110000', reminder: expect.objectContaining({ dueDate: opened.dueDate }) }),
  ]);
  await h.skipTo(addDays(opened.dueDate, 1), HOUR);
  const escalated = await waitFor(handle, (d) => types(d).includes('ESCALATION_SENT'), 'the escalation');
  expect(escalated).toMatchObject({ status: 'ESCALATED', dueDate: opened.dueDate });

  // The agency forwarded to answers (I-6 with I-4); the clerk confirms.
  const answered = await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency('310000') }] });
  expect(answered.events.at(-1)).toMatchObject({ type: 'RESPONDED', actor: 'TREATMENT_AGENCY:310000' });
  await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
  expect((await handle.result()).status).toBe('CONFIRMED');
});

it('I-4, I-6: the validator refuses a forward by anyone but the addressed agency, of an expense inquiry, twice to one agency, or to itself; nothing is recorded', async () => {
  const collaboration = await open();
  expect(await refusal(forward(collaboration, '440800', agency('310000')))).toBe('INQUIRY_NOT_ADDRESSED');
  expect(await refusal(forward(collaboration, '440800', { ...clerk }))).toBe('INQUIRY_NOT_ADDRESSED');
  expect(await refusal(forward(collaboration, '110000'))).toBe('INQUIRY_FORWARD_TARGET_INVALID');
  await forward(collaboration, '310000');
  expect(await refusal(forward(collaboration, '310000'))).toBe('INQUIRY_ALREADY_FORWARDED');
  // An agency the case was not forwarded to still cannot answer.
  const answer = collaboration.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency('440800') }] });
  expect(await refusal(answer)).toBe('INQUIRY_NOT_ADDRESSED');
  expect(types(await collaboration.query(inquiryQuery)).filter((t) => t === 'FORWARDED')).toHaveLength(1);

  const expense = await open('EXPENSE_INQUIRY');
  expect(await refusal(forward(expense, '310000'))).toBe('INQUIRY_FORWARD_NOT_COLLABORATION');
  expect((await expense.query(inquiryQuery)).forwards).toEqual([]);

  // The first receiver still answers after forwarding (it stays responsible).
  await collaboration.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency('110000') }] });
  expect(await refusal(forward(collaboration, '440800'))).toBe('INQUIRY_NOT_AWAITING_RESPONSE');
  for (const handle of [collaboration, expense]) await handle.terminate('test done');
});

it('I-4: a forward notice the new agency refuses is recorded; the case goes on', async () => {
  h.fakes.set('notifyInquiryAgency', async ({ region }) => {
    if (region === '310000')
      throw ApplicationFailure.nonRetryable('POST /agencies/310000/inquiries: agency rejected the request with 403', 'AGENCY_REJECTED');
    return { receiptId: 'R-ok' };
  });
  const handle = await open();
  await forward(handle, '310000');
  const doc = await waitFor(handle, (d) => types(d).includes('FORWARD_NOTICE_FAILED'), 'the failed notice');
  expect(doc.events.at(-1)).toMatchObject({ data: { region: '310000', error: expect.stringContaining('403') } });
  expect(doc).toMatchObject({ status: 'AWAITING_RESPONSE', forwardedTo: ['310000'] });
  await handle.terminate('test done');
});
