// Issue 14 item 6: a treatment agency that is down does not hold back a case's own deadlines. The
// agency simulator answers 503 to every call of this test's case to the treatment agency (a fault
// matched by the case's Idempotency-Key prefix, so other test files sharing the simulator are not
// touched). The agency calls are bounded (workflows/activityOptions.ts: maximumAttempts and a
// schedule-to-close timeout), so the opening notice gives up and is recorded, and the reminder and
// escalation fire at their instants on the time-skipping server with the real activities.
// Before the bound, the opening notice retried for as long as the agency was down and the case
// never reached its first timer.
import type { WorkflowHandle } from '@temporalio/client';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import { inquiryOpenedUpdate, inquiryQuery, type InquiryDocument, type InquiryWorkflowInput } from '../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../workflows/inquiry/workflow';
import { agencyActivity } from '../../workflows/activityOptions';
import { loadTestPolicies } from '../support/policies';
import { addDays, isoDateInShanghai, isoWeekday, shanghaiMidnightEpochMs } from '../../domain/time';

const HOUR = 3_600_000;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const TERMS = {
  answerWorkingDays: 10,
  reminderWorkingDaysBefore: 2,
  confirmationWorkingDays: 5,
  negotiationWorkingDays: 10,
  debtorDeadlineDays: 30,
};
const policies = loadTestPolicies();
const simulator = () => process.env.AGENCY_API_URL!;

function isWorkingDay(date: string, region: string): boolean {
  const calendars = policies.calendarsOf(region);
  if (calendars.some((c) => c.workdays.includes(date))) return true;
  return isoWeekday(date) < 6 && !calendars.some((c) => c.holidays.includes(date));
}

function addWorkingDays(date: string, n: number, region: string): string {
  let d = date;
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, step);
    if (isWorkingDay(d, region)) left -= 1;
  }
  return d;
}

interface Call {
  method: string;
  path: string;
  idempotencyKey?: string | null;
  status: number | null;
  fault: { faultId: string } | null;
}

async function callsTo(pathPrefix: string): Promise<Call[]> {
  const res = await fetch(`${simulator()}/__calls?pathPrefix=${encodeURIComponent(pathPrefix)}`);
  return ((await res.json()) as { calls: Call[] }).calls;
}

describe('a treatment agency that is down (time-skipping, real activities)', () => {
  let h: WorkflowHarness;
  let faultId: string | undefined;
  let handle: WorkflowHandle<typeof inquiryWorkflow> | undefined;
  const inquiryId = `INQ-AGDOWN-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    h = await startWorkflowHarness();
  });
  afterAll(async () => {
    if (faultId) await fetch(`${simulator()}/__faults/${faultId}`, { method: 'DELETE' }).catch(() => undefined);
    await handle?.terminate('test done').catch(() => undefined);
    await h?.teardown();
  });

  it('the agency options are bounded: attempts and a schedule-to-close timeout', () => {
    expect(agencyActivity.retry?.maximumAttempts).toBeGreaterThan(1);
    expect(agencyActivity.scheduleToCloseTimeout).toBeDefined();
  });

  it('I-4, T-4: while the treatment agency answers 503 to everything, the notice gives up and the reminder and escalation fire on time', async () => {
    // Every call of this case to the treatment agency (110000) fails: notice, reminders.
    const fault = await fetch(`${simulator()}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        match: { pathPrefix: '/agencies/110000/', idempotencyKeyPrefix: `${inquiryId}:` },
        mode: 'error',
        status: 503,
      }),
    });
    expect(fault.status).toBeLessThan(300);
    faultId = ((await fault.json()) as { faultId: string }).faultId;

    const openedOn = (() => {
      let d = addDays(isoDateInShanghai(Date.now()), 1);
      while (!isWorkingDay(d, '110000')) d = addDays(d, 1);
      return d;
    })();
    const now = await h.env.currentTimeMs();
    const openAt = shanghaiMidnightEpochMs(openedOn) + 10 * HOUR;
    if (openAt > now) await h.env.sleep(openAt - now);
    const today = isoDateInShanghai(await h.env.currentTimeMs());
    const due = addWorkingDays(today, 10, '110000');
    const reminderDay = addWorkingDays(due, -2, '110000');

    const input: InquiryWorkflowInput = {
      inquiryId,
      kind: 'ISSUE_COLLABORATION',
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
    handle = await h.env.client.workflow.start<typeof inquiryWorkflow>('inquiryWorkflow', {
      workflowId: inquiryId,
      taskQueue: h.taskQueue,
      args: [input],
    });
    const opened = await handle.executeUpdate(inquiryOpenedUpdate);
    expect(opened).toMatchObject({ dueDate: due, reminderDate: reminderDay });

    const waitFor = async (ok: (doc: InquiryDocument) => boolean, what: string): Promise<InquiryDocument> => {
      let doc: InquiryDocument | undefined;
      for (let i = 0; i < 400; i += 1) {
        doc = (await handle!.query(inquiryQuery)) as InquiryDocument;
        if (ok(doc)) return doc;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${inquiryId} never reached: ${what}; last ${JSON.stringify(doc?.events.map((e) => e.type))}`);
    };
    const sleepUntil = async (date: string, offsetMs: number) => {
      const target = shanghaiMidnightEpochMs(date) + offsetMs;
      const current = await h.env.currentTimeMs();
      if (target > current) await h.env.sleep(target - current);
    };

    // A few hours on, the notice has given up (bounded) and is recorded; the case waits on its timer.
    await sleepUntil(today, 20 * HOUR);
    const noticeFailed = await waitFor((d) => d.events.some((e) => e.type === 'AGENCY_NOTICE_FAILED'), 'the notice given up');
    expect(noticeFailed.nextDeadline).toEqual({ kind: 'REMINDER', date: reminderDay });
    const notices = (await callsTo('/agencies/110000/inquiries')).filter((c) => c.idempotencyKey === `${inquiryId}:notify-inquiry`);
    expect(notices.length).toBeGreaterThan(1); // retried ...
    expect(notices.length).toBeLessThanOrEqual(agencyActivity.retry!.maximumAttempts!); // ... a bounded number of times
    expect(notices.every((c) => c.status === 503 && c.fault?.faultId === faultId)).toBe(true);

    // The reminder fires at 00:00 of its day although the agency cannot be told.
    await sleepUntil(reminderDay, 6 * HOUR);
    const reminded = await waitFor((d) => d.events.some((e) => e.type === 'REMINDER_FAILED'), 'the reminder tried');
    expect(reminded.events.find((e) => e.type === 'REMINDER_SENT')?.at).toMatch(new RegExp(`^${reminderDay}T00:00`));
    expect(reminded.nextDeadline).toEqual({ kind: 'ANSWER_DUE', date: due });

    // And the escalation to the provincial agency (which is up) at 00:00 after the due day.
    await sleepUntil(addDays(due, 1), 6 * HOUR);
    const escalated = await waitFor((d) => d.events.some((e) => e.type === 'ESCALATION_SENT'), 'the escalation');
    expect(escalated).toMatchObject({ status: 'ESCALATED', overdue: true });
    expect(escalated.events.find((e) => e.type === 'ESCALATED')?.at).toMatch(new RegExp(`^${addDays(due, 1)}T00:00`));
  });
});
