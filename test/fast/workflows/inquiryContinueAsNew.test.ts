// Bounded history: an expense inquiry nobody answers rolls over every month (I-2). After
// INQUIRY_DEADLINES_PER_RUN deadlines it continues as new with its case, timeline and message
// counters; the new run is not opened or notified again, reuses no idempotency key, and still
// takes the answer and the decision addressed by workflow id alone.
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import {
  INQUIRY_DEADLINES_PER_RUN,
  confirmInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
} from '../../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../../workflows/inquiry/workflow';
import { nextPeriod, periodDueDate } from '../../../domain/inquiry/periods';
import { addDays } from '../../../domain/time';
import { temporal } from '@temporalio/proto';

const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const agency = { agencyId: 'TREATMENT_AGENCY:110000', role: 'TREATMENT_AGENCY', region: '110000' };
const { EventType } = temporal.api.enums.v1;

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

it('X-2, I-2: an inquiry unanswered for years continues as new; period, overdue count, timeline and reminder keys carry over', async () => {
  const inquiryId = `INQ-CAN-${process.pid}`;
  const first = await h.env.client.workflow.start<typeof inquiryWorkflow>('inquiryWorkflow', {
    workflowId: inquiryId,
    taskQueue: h.taskQueue,
    args: [
      {
        inquiryId,
        kind: 'EXPENSE_INQUIRY',
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
      },
    ],
  });
  const opened = await first.executeUpdate(inquiryOpenedUpdate);

  // One month past the last rollover of the first run: that run has continued, the next has rolled once.
  let period = opened.period!;
  for (let n = 0; n <= INQUIRY_DEADLINES_PER_RUN; n += 1) period = nextPeriod(period);
  const due = periodDueDate(period);
  await h.skipTo(addDays(due, -3));

  const handle = h.env.client.workflow.getHandle<typeof inquiryWorkflow>(inquiryId);
  let doc = await handle.query(inquiryQuery);
  for (let i = 0; i < 200 && doc.overdueCount < INQUIRY_DEADLINES_PER_RUN + 1; i += 1) {
    await new Promise((r) => setTimeout(r, 50));
    doc = await handle.query(inquiryQuery);
  }
  expect(doc).toMatchObject({
    status: 'AWAITING_RESPONSE',
    overdueCount: INQUIRY_DEADLINES_PER_RUN + 1,
    period,
    dueDate: due,
    openedOn: opened.openedOn,
  });
  const { runId } = await handle.describe();
  expect(runId).not.toBe(first.firstExecutionRunId);
  const firstRun = (await h.env.client.workflow.getHandle(inquiryId, first.firstExecutionRunId).fetchHistory()).events ?? [];
  expect(firstRun.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  expect(firstRun.filter((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)).toHaveLength(INQUIRY_DEADLINES_PER_RUN);

  // One timeline across both runs, opened and notified once; every reminder key distinct.
  expect(doc.events.map((e) => e.seq)).toEqual(doc.events.map((_, i) => i + 1));
  expect(doc.events.filter((e) => e.type === 'OPENED')).toHaveLength(1);
  expect(doc.events.filter((e) => e.type === 'ROLLED_OVER')).toHaveLength(INQUIRY_DEADLINES_PER_RUN + 1);
  expect(h.fakes.calls('notifyInquiryAgency')).toHaveLength(1);
  const keys = h.fakes.calls('remindInquiryAgency').map((c) => c.key);
  expect(keys).toEqual(Array.from({ length: INQUIRY_DEADLINES_PER_RUN + 1 }, (_, i) => `${inquiryId}:remind:${i + 1}`));
  const audited = h.fakes.calls('persistInquiry').flatMap((c) => c.audit.map((a) => a.eventId));
  expect(audited).toEqual(doc.events.map((e) => `${inquiryId}:${e.seq}`));

  // The continued run takes the (late) answer and the decision.
  const answered = await handle.executeUpdate(respondInquiryUpdate, {
    args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: agency }],
  });
  expect(answered.response).toMatchObject({ late: true });
  await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
  expect((await first.result()).status).toBe('CONFIRMED');
});
