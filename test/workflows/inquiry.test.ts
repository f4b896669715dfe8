// Inquiry deadlines on the time-skipping server with the real activities (FerretDB, agency
// simulator): the I-2 cut-off on the 26th and rollover across two periods, the I-3 confirmation
// window in working days across a holiday (silence = deemed confirmation, which starts the I-5
// recovery), the I-3 negotiation escalation, and the I-4 reminder and escalation times.
import type { WorkflowHandle } from '@temporalio/client';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import {
  confirmInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
  type InquiryDocument,
  type InquiryWorkflowInput,
} from '../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../workflows/inquiry/workflow';
import { recoveryQuery } from '../../workflows/recovery/definitions';
import { loadTestPolicies } from '../support/policies';
import { inquiryViewModel } from '../../models/inquiryView';
import { auditEventModel } from '../../models/auditEvent';
import type { InquiryKind } from '../../domain/inquiry/types';
import {
  addDays,
  addMonthsClamped,
  isoDateInShanghai,
  isoWeekday,
  monthKey,
  parseIsoDate,
  shanghaiMidnightEpochMs,
} from '../../domain/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const agency = { agencyId: 'TREATMENT_AGENCY:110000', role: 'TREATMENT_AGENCY', region: '110000' };
const TERMS = {
  answerWorkingDays: 10,
  reminderWorkingDaysBefore: 2,
  confirmationWorkingDays: 5,
  negotiationWorkingDays: 10,
  debtorDeadlineDays: 30,
};

const policies = loadTestPolicies();

/**
 * Independent working-day count for the expectations, on the calendars the workflow looks up when
 * it plans a deadline (T-3: the shipped national calendar with the region's overrides): a weekday
 * that is not a holiday, or a make-up weekend day. Answers are counted on the treatment region's,
 * confirmation and negotiation on the insured region's.
 */
function isWorkingDay(date: string, region: string): boolean {
  const calendars = policies.calendarsOf(region);
  if (calendars.some((c) => c.workdays.includes(date))) return true;
  return isoWeekday(date) < 6 && !calendars.some((c) => c.holidays.includes(date));
}

function addWorkingDaysNaive(date: string, n: number, region: string): string {
  let d = date;
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    d = addDays(d, step);
    if (isWorkingDay(d, region)) left -= 1;
  }
  return d;
}

/** The same count with weekends only: what a deadline would be if holidays were ignored. */
function addWeekdays(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isoWeekday(d) < 6) left -= 1;
  }
  return d;
}

/** True when counting n working days from `date` steps over at least one weekday holiday. */
const crossesHoliday = (date: string, n: number, region: string) => addWorkingDaysNaive(date, n, region) > addWeekdays(date, n);

async function inbox(region: string): Promise<Array<{ kind: string; payload: Record<string, unknown> }>> {
  const res = await fetch(`${process.env.AGENCY_API_URL}/agencies/${region}/inbox`);
  return ((await res.json()) as { messages: Array<{ kind: string; payload: Record<string, unknown> }> }).messages;
}

describe('inquiry workflow deadlines (time-skipping)', () => {
  let h: WorkflowHarness;
  let seq = 0;
  const started: string[] = [];

  beforeAll(async () => {
    h = await startWorkflowHarness();
  });
  afterAll(async () => {
    // Leave no timers behind on this Jest worker's server.
    for (const id of started)
      await h.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    await h?.teardown();
  });

  const today = async () => isoDateInShanghai(await h.env.currentTimeMs());
  async function sleepUntil(date: string, offsetMs = 0): Promise<void> {
    const target = shanghaiMidnightEpochMs(date) + offsetMs;
    const now = await h.env.currentTimeMs();
    if (target > now) await h.env.sleep(target - now);
  }
  /** The first date after `from` that satisfies `ok`. */
  function nextDate(from: string, ok: (d: string) => boolean): string {
    let d = addDays(from, 1);
    while (!ok(d)) d = addDays(d, 1);
    return d;
  }

  async function open(
    kind: InquiryKind,
    calendars: InquiryWorkflowInput['calendars'] = [],
  ): Promise<WorkflowHandle<typeof inquiryWorkflow>> {
    seq += 1;
    const inquiryId = `INQ-T${process.pid}-${seq}-${Date.now()}`;
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
      calendars,
      actor: clerk,
    };
    const handle = await h.env.client.workflow.start<typeof inquiryWorkflow>('inquiryWorkflow', {
      workflowId: inquiryId,
      taskQueue: h.taskQueue,
      args: [input],
    });
    started.push(inquiryId);
    await handle.executeUpdate(inquiryOpenedUpdate);
    return handle;
  }

  /** Polls the query (never result(): awaiting it would unlock time skipping). */
  async function waitFor(handle: WorkflowHandle, ok: (doc: InquiryDocument) => boolean, what: string): Promise<InquiryDocument> {
    let doc: InquiryDocument | undefined;
    for (let i = 0; i < 200; i += 1) {
      doc = (await handle.query(inquiryQuery)) as InquiryDocument;
      if (ok(doc)) return doc;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${handle.workflowId} never reached: ${what}; last ${JSON.stringify(doc, null, 1)}`);
  }

  it('I-2: requests lock at the 26th, and an unanswered one rolls over two periods, counted overdue each time', async () => {
    const d26 = nextDate(await today(), (d) => parseIsoDate(d).day === 26);
    const month = monthKey(d26);
    const nextMonth = monthKey(addMonthsClamped(`${month}-01`, 1));
    const monthAfter = monthKey(addMonthsClamped(`${month}-01`, 2));
    const monthAfterThat = monthKey(addMonthsClamped(`${month}-01`, 3));

    await sleepUntil(d26, 10 * HOUR);
    const onCutOff = await open('EXPENSE_INQUIRY');
    const a = await onCutOff.query(inquiryQuery);
    expect(a).toMatchObject({ openedOn: d26, period: month, dueDate: `${nextMonth}-26`, overdue: false, overdueCount: 0 });

    await sleepUntil(addDays(d26, 1), 10 * HOUR);
    const afterCutOff = await open('EXPENSE_INQUIRY');
    expect(await afterCutOff.query(inquiryQuery)).toMatchObject({ period: nextMonth, dueDate: `${monthAfter}-26` });

    // The whole due day counts: an hour before its end the request is not overdue.
    await sleepUntil(`${nextMonth}-26`, DAY - HOUR);
    expect((await onCutOff.query(inquiryQuery)).overdue).toBe(false);

    await sleepUntil(`${nextMonth}-27`, HOUR);
    const once = await waitFor(onCutOff, (d) => d.overdueCount === 1, 'first rollover');
    expect(once).toMatchObject({ period: nextMonth, dueDate: `${monthAfter}-26`, overdue: true, status: 'AWAITING_RESPONSE' });
    expect(once.events.find((e) => e.type === 'ROLLED_OVER')?.at).toMatch(new RegExp(`^${nextMonth}-27T00:00`));
    expect((await afterCutOff.query(inquiryQuery)).overdue).toBe(false);

    await sleepUntil(`${monthAfter}-27`, HOUR);
    const twice = await waitFor(onCutOff, (d) => d.overdueCount === 2, 'second rollover');
    expect(twice).toMatchObject({ period: monthAfter, dueDate: `${monthAfterThat}-26`, overdue: true });
    const b = await waitFor(afterCutOff, (d) => d.overdueCount === 1, 'rollover of the later request');
    expect(b.period).toBe(monthAfter);

    // The treatment agency was told of each rollover (idempotent reminders, one per rollover).
    const reminders = (await inbox('110000')).filter((m) => m.kind === 'REMINDER' && m.payload.inquiryId === a.id);
    expect(reminders.map((m) => m.payload.dueDate)).toEqual([`${monthAfter}-26`, `${monthAfterThat}-26`]);

    // A late answer is still taken, and marked late.
    const answered = await onCutOff.executeUpdate(respondInquiryUpdate, {
      args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: agency }],
    });
    expect(answered).toMatchObject({ status: 'AWAITING_CONFIRMATION', overdue: true, overdueCount: 2, response: { late: true, round: 1 } });
  });

  it('I-3, T-3, I-5: the confirmation window counts 5 working days across a holiday; silence is a deemed confirmation that starts the recovery', async () => {
    // A working day whose 5-working-day window steps over a public holiday of the shipped calendar.
    const answerDay = nextDate(await today(), (d) => isWorkingDay(d, '220000') && crossesHoliday(d, 5, '220000'));
    const expectedDue = addWorkingDaysNaive(answerDay, 5, '220000');
    const weekendsOnly = addWeekdays(answerDay, 5);
    expect(expectedDue > weekendsOnly).toBe(true);

    await sleepUntil(answerDay, 9 * HOUR);
    const handle = await open('EXPENSE_INQUIRY');
    const answered = await handle.executeUpdate(respondInquiryUpdate, {
      args: [{ response: { result: 'VERIFIED_ISSUE', reasons: ['超标准收费'], disallowedFen: 120_000 }, actor: agency }],
    });
    expect(answered).toMatchObject({
      status: 'AWAITING_CONFIRMATION',
      confirmationDueDate: expectedDue,
      nextDeadline: { kind: 'CONFIRMATION_DUE', date: expectedDue },
    });

    // Past the weekends-only date, and until the very end of the due day: still waiting.
    await sleepUntil(weekendsOnly, DAY - HOUR);
    expect((await handle.query(inquiryQuery)).status).toBe('AWAITING_CONFIRMATION');
    await sleepUntil(expectedDue, DAY - HOUR);
    expect((await handle.query(inquiryQuery)).status).toBe('AWAITING_CONFIRMATION');

    await sleepUntil(addDays(expectedDue, 1), HOUR);
    const deemed = await waitFor(
      handle,
      (d) => d.status === 'CONFIRMED' && d.recoveryId !== null && d.events.some((e) => e.type === 'RECOVERY_STARTED'),
      'deemed confirmation',
    );
    expect(deemed.confirmation).toMatchObject({ decision: 'CONFIRM', deemed: true });
    expect(deemed.events.find((e) => e.type === 'CONFIRMATION_DEEMED')?.at).toMatch(new RegExp(`^${addDays(expectedDue, 1)}T00:00`));
    expect(deemed.recoveryId).toBe(`REC-INQ-${deemed.id}`);

    // I-5: the recovery runs on its own (ABANDON child) for exactly the disallowed amount.
    const recovery = h.env.client.workflow.getHandle(deemed.recoveryId!);
    started.push(deemed.recoveryId!);
    let rec = await recovery.query(recoveryQuery);
    for (let i = 0; i < 100 && rec.status !== 'AWAITING_PAYMENT'; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      rec = await recovery.query(recoveryQuery);
    }
    expect(rec).toMatchObject({
      status: 'AWAITING_PAYMENT',
      amountFen: 120_000,
      source: { type: 'INQUIRY', id: deemed.id },
      debtor: 'H110000001',
      targetAccount: 'FUND-220000-EMPLOYEE',
      dueDate: addDays(addDays(expectedDue, 1), 30),
    });
  });

  it('I-3: a dispute opens a negotiation; with no new answer in its window the case goes to the provincial agency', async () => {
    const handle = await open('EXPENSE_INQUIRY');
    await handle.executeUpdate(respondInquiryUpdate, {
      args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: agency }],
    });
    const disputed = await handle.executeUpdate(confirmInquiryUpdate, {
      args: [{ decision: 'DISPUTE', note: '病历显示重复收费', actor: clerk }],
    });
    const negotiateBy = addWorkingDaysNaive(isoDateInShanghai(await h.env.currentTimeMs()), 10, '220000');
    expect(disputed).toMatchObject({ status: 'NEGOTIATING', negotiationDueDate: negotiateBy });

    await sleepUntil(addDays(negotiateBy, 1), HOUR);
    const escalated = await waitFor(
      handle,
      (d) => d.status === 'ESCALATED' && d.events.some((e) => e.type === 'ESCALATION_SENT'),
      'escalation',
    );
    expect(escalated.escalated).toBe(true);
    const province = (await inbox('220000')).filter((m) => m.kind === 'ESCALATION' && m.payload.caseId === escalated.id);
    expect(province).toHaveLength(1);

    // The ruled answer is still taken and goes back to the insured region for confirmation.
    const ruled = await handle.executeUpdate(respondInquiryUpdate, {
      args: [{ response: { result: 'VERIFIED_ISSUE', reasons: ['省级裁定重复收费'], disallowedFen: 30_000 }, actor: agency }],
    });
    expect(ruled).toMatchObject({ status: 'AWAITING_CONFIRMATION', response: { round: 2, late: true } });
  });

  it('I-4: an issue collaboration is reminded 2 working days before its 10-working-day deadline and escalated after it', async () => {
    // Opened on a working day whose 10-working-day window steps over a public holiday.
    const openedOn = nextDate(await today(), (d) => isWorkingDay(d, '110000') && crossesHoliday(d, 10, '110000'));
    const due = addWorkingDaysNaive(openedOn, 10, '110000');
    expect(due > addWeekdays(openedOn, 10)).toBe(true);
    const reminderDay = addWorkingDaysNaive(due, -2, '110000');

    await sleepUntil(openedOn, 10 * HOUR);
    const handle = await open('ISSUE_COLLABORATION');
    const opened = await handle.query(inquiryQuery);
    expect(opened).toMatchObject({
      kind: 'ISSUE_COLLABORATION',
      period: null,
      dueDate: due,
      reminderDate: reminderDay,
      nextDeadline: { kind: 'REMINDER', date: reminderDay },
    });

    await sleepUntil(addDays(reminderDay, -1), DAY - HOUR);
    expect((await handle.query(inquiryQuery)).events.map((e) => e.type)).not.toContain('REMINDER_SENT');
    await sleepUntil(reminderDay, HOUR);
    const reminded = await waitFor(handle, (d) => d.events.some((e) => e.type === 'REMINDER_SENT'), 'reminder');
    expect(reminded.events.find((e) => e.type === 'REMINDER_SENT')?.at).toMatch(new RegExp(`^${reminderDay}T00:00`));
    expect(reminded.nextDeadline).toEqual({ kind: 'ANSWER_DUE', date: due });
    const told = (await inbox('110000')).filter((m) => m.kind === 'REMINDER' && m.payload.inquiryId === opened.id);
    expect(told.map((m) => m.payload.dueDate)).toEqual([due]);

    await sleepUntil(due, DAY - HOUR);
    expect((await handle.query(inquiryQuery)).status).toBe('AWAITING_RESPONSE');
    await sleepUntil(addDays(due, 1), HOUR);
    const escalated = await waitFor(
      handle,
      (d) => d.status === 'ESCALATED' && d.events.some((e) => e.type === 'ESCALATION_SENT'),
      'escalation',
    );
    expect(escalated).toMatchObject({ overdue: true, escalated: true });
    expect(escalated.events.find((e) => e.type === 'ESCALATED')?.at).toMatch(new RegExp(`^${addDays(due, 1)}T00:00`));
    expect((await inbox('220000')).filter((m) => m.kind === 'ESCALATION' && m.payload.caseId === opened.id)).toHaveLength(1);

    // The agency's late answer and the clerk's confirmation end the case without a recovery.
    await handle.executeUpdate(respondInquiryUpdate, {
      args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: agency }],
    });
    const closed = await handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] });
    expect(closed).toMatchObject({ status: 'CONFIRMED', recoveryId: null });

    // E-2: the read model and the audit trail hold the whole timeline, each event once.
    let view = await inquiryViewModel(h.db).findById(opened.id).lean();
    for (let i = 0; i < 100 && view?.revision !== closed.revision + 1; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      view = await inquiryViewModel(h.db).findById(opened.id).lean();
    }
    const final = view!.document as InquiryDocument;
    expect(final.status).toBe('CONFIRMED');
    const audit = await auditEventModel(h.db).find({ caseId: opened.id }).lean();
    expect(audit.map((a) => a.action).sort()).toEqual(final.events.map((e) => e.type).sort());
  });

  it('I-6, I-2: the update validators refuse another region, a fund-exceeding amount, and a decision before an answer', async () => {
    const handle = await open('EXPENSE_INQUIRY');
    const failureType = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return (err as { cause?: { type?: string } }).cause?.type;
      }
      return 'accepted';
    };
    const other = { agencyId: 'TREATMENT_AGENCY:310000', role: 'TREATMENT_AGENCY', region: '310000' };
    expect(
      await failureType(
        handle.executeUpdate(respondInquiryUpdate, {
          args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: other }],
        }),
      ),
    ).toBe('INQUIRY_NOT_ADDRESSED');
    expect(
      await failureType(
        handle.executeUpdate(respondInquiryUpdate, {
          args: [{ response: { result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: 2_800_001 }, actor: agency }],
        }),
      ),
    ).toBe('INQUIRY_DISALLOWED_EXCEEDS_FUND');
    expect(await failureType(handle.executeUpdate(confirmInquiryUpdate, { args: [{ decision: 'CONFIRM', actor: clerk }] }))).toBe(
      'INQUIRY_NOT_AWAITING_CONFIRMATION',
    );
    // Refused updates leave no trace in the case.
    expect((await handle.query(inquiryQuery)).events.map((e) => e.type)).toEqual(['OPENED', 'AGENCY_NOTIFIED']);
  });
});
