// Inquiry cases (I-2..I-5) driven through their main paths on the time-skipping server; their
// recorded histories are replay fixtures like the filing ones in scenarios.ts.
// Progress and the end are awaited by polling (query, describe), never result(): awaiting a result
// unlocks time skipping, which would let this case's deadlines, or the I-5 recovery child's, run
// past the point a step is meant to happen at.
import type { WorkflowHandle } from '@temporalio/client';
import type { WorkflowHarness } from '../support/workflowHarness';
import {
  INQUIRY_DEADLINES_PER_RUN,
  confirmInquiryUpdate,
  forwardInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
  type InquiryDocument,
  type InquiryWorkflowInput,
} from '../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../workflows/inquiry/workflow';
import { paymentReportedUpdate, recoveryQuery, type RecoveryDocument } from '../../workflows/recovery/definitions';
import type { recoveryWorkflow } from '../../workflows/recovery/workflow';
import { pay } from './recoveryScenarios';
import type { InquiryKind } from '../../domain/inquiry/types';
import { nextPeriod, periodDueDate } from '../../domain/inquiry/periods';
import { addDays, shanghaiMidnightEpochMs } from '../../domain/time';

const HOUR = 3_600_000;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const agency = { agencyId: 'TREATMENT_AGENCY:110000', role: 'TREATMENT_AGENCY', region: '110000' };
const forwardedAgency = { agencyId: 'TREATMENT_AGENCY:310000', role: 'TREATMENT_AGENCY', region: '310000' };
const TERMS = {
  answerWorkingDays: 10,
  reminderWorkingDaysBefore: 2,
  confirmationWorkingDays: 5,
  negotiationWorkingDays: 10,
  debtorDeadlineDays: 30,
};
const OK = { result: 'VERIFIED_OK' as const, reasons: [], disallowedFen: 0 };

type Handle = WorkflowHandle<typeof inquiryWorkflow>;

export interface InquiryScenario {
  name: string;
  run(h: WorkflowHarness, inquiryId: string): Promise<Handle>;
}

async function open(h: WorkflowHarness, inquiryId: string, kind: InquiryKind): Promise<Handle> {
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
    terms: TERMS,
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

async function sleepUntil(h: WorkflowHarness, date: string, offsetMs: number): Promise<void> {
  const target = shanghaiMidnightEpochMs(date) + offsetMs;
  const now = await h.env.currentTimeMs();
  if (target > now) await h.env.sleep(target - now);
}

async function waitFor<T>(handle: WorkflowHandle, read: () => Promise<T>, ok: (doc: T) => boolean, what: string): Promise<T> {
  let doc: T | undefined;
  for (let i = 0; i < 200; i += 1) {
    doc = await read();
    if (ok(doc)) return doc;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} never reached: ${what}; last ${JSON.stringify(doc, null, 1)}`);
}

const inquiry = (handle: Handle, ok: (d: InquiryDocument) => boolean, what: string) =>
  waitFor(handle, () => handle.query(inquiryQuery), ok, what);

async function completed(handle: WorkflowHandle): Promise<void> {
  let status = '';
  for (let i = 0; i < 400; i += 1) {
    status = (await handle.describe()).status.name;
    if (status === 'COMPLETED') return;
    if (status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} did not complete: ${status}`);
}

/** Ends the case and checks it took the intended path (a recording of another path is useless). */
async function finish(handle: Handle, expectedEvents: string[]): Promise<InquiryDocument> {
  await completed(handle);
  const doc = await handle.query(inquiryQuery);
  const types = doc.events.map((e) => e.type);
  const missing = expectedEvents.filter((t) => !types.includes(t));
  if (doc.status !== 'CONFIRMED' || missing.length)
    throw new Error(`${handle.workflowId} ended ${doc.status} without ${missing.join(', ')}: ${types.join(', ')}`);
  return doc;
}

/**
 * I-5: the recovery child must have started for exactly the disallowed amount. It runs on its own
 * (ABANDON), so it is paid and run to CLOSED here: left running, its daily polls and deadline
 * would fire through every later scenario's skipped months, and terminating a run with a task in
 * flight can hold the test server's time still (test/setup/timeSkipping.ts).
 */
async function settleRecovery(h: WorkflowHarness, doc: InquiryDocument, amountFen: number): Promise<void> {
  if (!doc.recoveryId) throw new Error(`${doc.id} confirmed an issue but names no recovery`);
  const child = h.env.client.workflow.getHandle<typeof recoveryWorkflow>(doc.recoveryId);
  await waitFor(
    child,
    () => child.query(recoveryQuery),
    (r: RecoveryDocument) => r.status === 'AWAITING_PAYMENT' && r.amountFen === amountFen,
    `recovery of ${amountFen} fen awaiting payment`,
  );
  await pay(doc.recoveryId, amountFen);
  await child.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
  await completed(child);
  const closed = await child.query(recoveryQuery);
  if (closed.status !== 'CLOSED') throw new Error(`${doc.recoveryId} ended ${closed.status}`);
}

export const inquiryScenarios: InquiryScenario[] = [
  {
    name: 'expense-verified-issue-confirmed-starts-recovery',
    async run(h, id) {
      const handle = await open(h, id, 'EXPENSE_INQUIRY');
      await handle.executeUpdate(respondInquiryUpdate, {
        args: [{ response: { result: 'VERIFIED_ISSUE', reasons: ['超标准收费'], disallowedFen: 120_000 }, actor: agency }],
      });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      const doc = await finish(handle, ['RESPONDED', 'CONFIRMED', 'RECOVERY_STARTED']);
      await settleRecovery(h, doc, 120_000);
      return handle;
    },
  },
  {
    name: 'expense-unanswered-rolls-over-then-verified-ok',
    async run(h, id) {
      const handle = await open(h, id, 'EXPENSE_INQUIRY');
      const opened = await handle.query(inquiryQuery);
      await sleepUntil(h, addDays(opened.dueDate, 1), HOUR);
      await inquiry(handle, (d) => d.overdueCount === 1 && d.period !== opened.period, 'rollover into the next period');
      await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency }] });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      await finish(handle, ['ROLLED_OVER', 'RESPONDED', 'CONFIRMED']);
      return handle;
    },
  },
  {
    name: 'issue-collaboration-answered-after-reminder',
    async run(h, id) {
      const handle = await open(h, id, 'ISSUE_COLLABORATION');
      const opened = await handle.query(inquiryQuery);
      if (!opened.reminderDate) throw new Error(`${id}: a 10-working-day window must have a reminder day`);
      await sleepUntil(h, opened.reminderDate, HOUR);
      await inquiry(handle, (d) => d.events.some((e) => e.type === 'REMINDER_SENT'), 'reminder');
      await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency }] });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      await finish(handle, ['REMINDER_SENT', 'RESPONDED', 'CONFIRMED']);
      return handle;
    },
  },
  {
    // Patch inquiry-calendars-at-planning (T-3): calendars looked up as each deadline is planned.
    name: 'collaboration-disputed-negotiated-calendars-at-planning',
    async run(h, id) {
      const handle = await open(h, id, 'ISSUE_COLLABORATION');
      await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency }] });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'DISPUTE', note: '请补充说明', actor: clerk }] });
      await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency }] });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      await finish(handle, ['RESPONDED', 'DISPUTED', 'RESPONDED', 'CONFIRMED']);
      return handle;
    },
  },
  {
    name: 'dispute-escalates-then-ruled-issue-confirmed',
    async run(h, id) {
      const handle = await open(h, id, 'EXPENSE_INQUIRY');
      await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency }] });
      const disputed = await handle.executeUpdate(confirmInquiryUpdate, {
        args: [{ decision: 'DISPUTE', note: '病历显示重复收费', actor: clerk }],
      });
      await sleepUntil(h, addDays(disputed.negotiationDueDate!, 1), HOUR);
      await inquiry(
        handle,
        (d) => d.status === 'ESCALATED' && d.events.some((e) => e.type === 'ESCALATION_SENT'),
        'escalation to the province',
      );
      await handle.executeUpdate(respondInquiryUpdate, {
        args: [{ response: { result: 'VERIFIED_ISSUE', reasons: ['省级裁定重复收费'], disallowedFen: 30_000 }, actor: agency }],
      });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      const doc = await finish(handle, ['DISPUTED', 'ESCALATED', 'ESCALATION_SENT', 'CONFIRMED', 'RECOVERY_STARTED']);
      await settleRecovery(h, doc, 30_000);
      return handle;
    },
  },
  {
    // X-2, I-2: the run an unanswered request continues into after two years of rollovers (patch
    // inquiry-continue-as-new): the case carried over, answered late and confirmed there.
    name: 'expense-continued-after-two-years-unanswered',
    async run(h, id) {
      const handle = await open(h, id, 'EXPENSE_INQUIRY');
      const { runId: firstRunId } = await handle.describe();
      const opened = await handle.query(inquiryQuery);
      let period = opened.period!;
      for (let n = 0; n <= INQUIRY_DEADLINES_PER_RUN; n += 1) period = nextPeriod(period);
      await sleepUntil(h, addDays(periodDueDate(period), -3), 0);
      await inquiry(handle, (d) => d.overdueCount === INQUIRY_DEADLINES_PER_RUN + 1, 'two years of rollovers');
      const { runId } = await handle.describe();
      if (runId === firstRunId) throw new Error(`${id} did not continue as new`);
      const continued: Handle = h.env.client.workflow.getHandle(id, runId);
      await continued.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: agency }] });
      await continued.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      await finish(continued, ['ROLLED_OVER', 'RESPONDED', 'CONFIRMED']);
      return continued;
    },
  },
  {
    // I-4 first responder: the addressed agency forwards the collaboration; the agency forwarded
    // to is told under its own key and answers; the deadline never moved.
    name: 'issue-collaboration-forwarded-answered-by-forwarded-agency',
    async run(h, id) {
      const handle = await open(h, id, 'ISSUE_COLLABORATION');
      const opened = await handle.query(inquiryQuery);
      await handle.executeUpdate(forwardInquiryUpdate, {
        args: [{ toAgencyRegion: '310000', note: '患者已转至上海就医，请上海经办机构答复', actor: agency }],
      });
      const forwarded = await inquiry(handle, (d) => d.events.some((e) => e.type === 'FORWARD_NOTIFIED'), 'the forward notice');
      if (forwarded.dueDate !== opened.dueDate) throw new Error(`${id}: the forward moved the deadline`);
      await handle.executeUpdate(respondInquiryUpdate, { args: [{ response: OK, actor: forwardedAgency }] });
      await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
      await finish(handle, ['FORWARDED', 'FORWARD_NOTIFIED', 'RESPONDED', 'CONFIRMED']);
      return handle;
    },
  },
];
