// The clearing, monthly run and advance workflows on the time-skipping server with typed fake
// activities (P-2..P-6, T-4): differences resolved by a clerk, the statement and application,
// reminders 3 and 1 days before the due day, escalation after it, a late payment refused until a
// delay report is filed, payment closing the period with fee and interest booked apart; one
// top-up request per red crossing. The monthly run has a file of its own (clearingRun.test.ts).
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import type { clearingWorkflow } from '../../../workflows/clearing/workflow';
import type { advanceWorkflow } from '../../../workflows/advance/workflow';
import {
  clearingOpenedUpdate,
  clearingPaymentUpdate,
  clearingQuery,
  delayReportUpdate,
  resolveExceptionUpdate,
  type ClearingDocument,
} from '../../../workflows/clearing/definitions';
import { advanceNudgedSignal, advanceQuery, advanceToppedUpSignal, type AdvanceDocument } from '../../../workflows/advance/definitions';
import { compareLines, makeStatement, reconciliationSummary, type ClearingLine } from '../../../domain/clearing';
import { alertOf, usagePercentOf } from '../../../domain/advance';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const clerk = { agencyId: 'INSURED_CLERK:440800', role: 'INSURED_CLERK', region: '440800' };
const terms = { dueDay: 20, reminderDaysBefore: [3, 1], escalationRepeatDays: 7 };

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

const line = (id: string, fundFen: number): ClearingLine => ({
  lineId: id,
  settlementId: id,
  kind: 'SETTLEMENT',
  fundFen,
  scheme: 'EMPLOYEE',
  visitType: 'INPATIENT',
  hospitalId: 'H110000001',
  recordPeriod: '2027-01',
});

async function until<T>(read: () => Promise<T>, ok: (x: T) => boolean, what: string, tries = 300): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i += 1) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never reached: ${what}: ${JSON.stringify(last).slice(0, 500)}`);
}

function failureType(err: unknown): string | undefined {
  let e = err as { cause?: unknown; type?: string } | undefined;
  while (e) {
    if (e.type) return e.type;
    e = e.cause as typeof e;
  }
  return undefined;
}

describe('clearing workflow', () => {
  it('P-2, P-3, P-4: exceptions resolved, statement and application, reminders, escalation, delay report, payment closes the period', async () => {
    h.fakes.reset();
    const ours = [line('S1', 400_000), line('S2', 20_000), line('S3', 30_000)];
    const theirs = [line('S1', 400_000), line('S2', 20_500), line('T9', 7_000)];
    const comparison = compareLines(ours, theirs);
    h.fakes.set('lockClearingPeriod', async () => ({ lockedAt: 'x', count: 3, fundFen: 450_000, adjustments: { count: 0, fundFen: 0 } }));
    h.fakes.set('reconcileClearing', async () => ({
      summary: reconciliationSummary(comparison, 0, '2027-02-05'),
      exceptions: comparison.exceptions,
    }));
    h.fakes.set('buildClearingStatement', async ({ exceptions }) => {
      // As the activity does: matched lines plus each resolved exception with the amount decided.
      expect(exceptions.every((e) => e.resolution)).toBe(true);
      return makeStatement(
        [
          { ...line('S1', 400_000), adjustment: false },
          { ...line('S2', 20_500), adjustment: false },
        ],
        [],
        '2027-02-06',
      );
    });
    await h.skipTo('2027-02-05', HOUR);
    const clearingId = 'CLR-440800-110000-2027-01';
    const handle: WorkflowHandle<typeof clearingWorkflow> = await h.env.client.workflow.start<typeof clearingWorkflow>('clearingWorkflow', {
      workflowId: clearingId,
      taskQueue: h.taskQueue,
      args: [{ clearingId, period: '2027-01', insuredRegion: '440800', treatmentRegion: '110000', terms }],
    });
    await handle.executeUpdate(clearingOpenedUpdate);
    const withExceptions = await until(
      () => handle.query(clearingQuery),
      (d) => d.status === 'EXCEPTIONS',
      'EXCEPTIONS',
    );
    expect(withExceptions.reconciliation).toMatchObject({
      matched: 1,
      onlyOurs: 1,
      onlyTheirs: 1,
      amountDiffers: 1,
      resolved: 0,
      ratePercent: 25,
    });
    expect(withExceptions.rates).toEqual({ reconciliationPercent: 25, settlementPercent: 0, applicationPercent: 0 });

    await handle.executeUpdate(resolveExceptionUpdate, {
      args: [{ exceptionId: 'X-S2', decision: 'ACCEPT_THEIRS', note: 'hospital corrected the bill', actor: clerk }],
    });
    await handle.executeUpdate(resolveExceptionUpdate, {
      args: [{ exceptionId: 'X-S3', decision: 'DEFER', note: 'ask the hospital', actor: clerk }],
    });
    const again = handle.executeUpdate(resolveExceptionUpdate, {
      args: [{ exceptionId: 'X-S3', decision: 'ACCEPT_OURS', note: '', actor: clerk }],
    });
    await expect(again).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(failureType(await again.catch((e) => e))).toBe('CLEARING_EXCEPTION_ALREADY_RESOLVED');
    const last = await handle.executeUpdate(resolveExceptionUpdate, {
      args: [{ exceptionId: 'X-T9', decision: 'ACCEPT_OURS', note: 'not ours', actor: clerk }],
    });
    expect(last.statement).toMatchObject({ count: 2, fundFen: 420_500, netDueFen: 420_500 });
    const applied = await until(
      () => handle.query(clearingQuery),
      (d) => d.status === 'APPLIED',
      'APPLIED',
    );
    expect(applied.rates).toEqual({ reconciliationPercent: 100, settlementPercent: 100, applicationPercent: 100 });
    expect(h.fakes.calls('applyForClearing')).toHaveLength(1);

    // P-3: reminders on February 17 and 19, then overdue after February 20 with an escalation to the province.
    await h.skipTo('2027-02-17', HOUR);
    await until(
      async () => h.fakes.calls('sendClearingNotice').length,
      (n) => n === 1,
      'first reminder',
    );
    await h.skipTo('2027-02-19', HOUR);
    await until(
      async () => h.fakes.calls('sendClearingNotice').length,
      (n) => n === 2,
      'second reminder',
    );
    expect(h.fakes.calls('sendClearingNotice').map((c) => [c.region, c.notice.kind, c.notice.dueDate, c.key])).toEqual([
      ['440800', 'PAYMENT_REMINDER', '2027-02-20', `${clearingId}:remind:1`],
      ['440800', 'PAYMENT_REMINDER', '2027-02-20', `${clearingId}:remind:2`],
    ]);
    await h.skipTo('2027-02-21', HOUR);
    const overdue = await until(
      () => handle.query(clearingQuery),
      (d) => d.status === 'OVERDUE',
      'OVERDUE',
    );
    expect(overdue.escalated).toBe(true);
    expect(h.fakes.calls('escalateCase').map((c) => [c.region, c.escalation.caseType, c.key])).toEqual([
      ['440000', 'CLEARING', `${clearingId}:escalate:1`],
    ]);

    // A late payment needs a delay report first.
    const late = handle.executeUpdate(clearingPaymentUpdate, {
      args: [{ amountFen: 420_500, paidOn: '2027-02-21', bankFeeFen: 1_000, interestFen: 250, actor: clerk }],
    });
    expect(failureType(await late.catch((e) => e))).toBe('CLEARING_DELAY_REPORT_REQUIRED');
    const reported = await handle.executeUpdate(delayReportUpdate, {
      args: [{ reason: '财政拨款审批中', expectedDate: '2027-02-24', actor: clerk }],
    });
    expect(reported.delayReport).toMatchObject({ expectedDate: '2027-02-24', reports: 1 });
    const paid = await handle.executeUpdate(clearingPaymentUpdate, {
      args: [{ amountFen: 420_500, paidOn: '2027-02-21', bankFeeFen: 1_000, interestFen: 250, actor: clerk }],
    });
    expect(paid).toMatchObject({ status: 'PAID', payment: { amountFen: 420_500, late: true } });
    // Closed by the payment itself: wait for that with time skipping still locked (result() would
    // unlock it, and on a starved machine let the server skip past the last bookings' timeouts).
    await until(
      async () => (await handle.describe()).status.name,
      (status) => status !== 'RUNNING',
      'the case closed after the payment',
      2_400,
    );
    const result: ClearingDocument = await handle.result();
    expect(result.status).toBe('PAID');
    expect(h.fakes.calls('bookClearingMovement').map((m) => [m.step, m.debitAccount, m.creditAccount, m.amountFen])).toEqual([
      ['STATEMENT', 'CLEARING-COST-440800-110000', 'PAYABLE-440800-110000', 420_500],
      ['PAYMENT', 'PAYABLE-440800-110000', 'FUND-440800', 420_500],
      ['BANK_FEE', 'ADMIN-EXPENSE-440800', 'AGENCY-BANK-440800', 1_000],
      ['INTEREST', 'ADVANCE-HOLDING-110000', 'INTEREST-INCOME-110000', 250],
    ]);
    expect(result.events.map((e) => e.type)).toEqual([
      'OPENED',
      'LOCKED',
      'RECONCILIATION_EXCEPTIONS',
      'EXCEPTION_RESOLVED',
      'EXCEPTION_RESOLVED',
      'EXCEPTION_RESOLVED',
      'STATEMENT_MADE',
      'APPLIED',
      'PAYMENT_REMINDED',
      'PAYMENT_REMINDED',
      'OVERDUE',
      'ESCALATED',
      'DELAY_REPORTED',
      'PAID',
    ]);
  });

  it('M-2, P-2: a treatment agency that cannot be reached is recorded as a case failure and tried again later', async () => {
    h.fakes.reset();
    let calls = 0;
    h.fakes.set('reconcileClearing', async () => {
      calls += 1;
      if (calls === 1) throw ApplicationFailure.nonRetryable('agency away', 'AGENCY_REJECTED');
      return { summary: reconciliationSummary(compareLines([], []), 0, '2027-04-05'), exceptions: [] };
    });
    await h.skipTo('2027-04-05', HOUR);
    const clearingId = 'CLR-440800-310000-2027-03';
    const handle = await h.env.client.workflow.start<typeof clearingWorkflow>('clearingWorkflow', {
      workflowId: clearingId,
      taskQueue: h.taskQueue,
      args: [{ clearingId, period: '2027-03', insuredRegion: '440800', treatmentRegion: '310000', terms }],
    });
    // The retry is 6 hours later: result() lets time skip to it; an empty period then closes at once.
    const done = await handle.result();
    expect(done.status).toBe('PAID');
    expect(done.events.map((e) => e.type)).toContain('RECONCILIATION_FAILED');
    expect(h.fakes.calls('recordCaseFailure').map((f) => [f.code, f.caseType, f.caseId])).toEqual([
      ['AGENCY_UNAVAILABLE', 'CLEARING', clearingId],
    ]);
  });
});

describe('advance workflow', () => {
  it('P-5: usage through 70% and 90% with exactly one top-up request, closed by a top-up', async () => {
    h.fakes.reset();
    const advanceTerms = { yellowPercent: 70, redPercent: 90, topUpDeadlineDays: 10, topUpReminderDaysBefore: [3, 1] };
    const outstanding = [500_000, 750_000, 920_000, 950_000, 990_000, 400_000];
    let i = 0;
    h.fakes.set('measureAdvanceUsage', async () => {
      const out = outstanding[Math.min(i, outstanding.length - 1)];
      i += 1;
      const balanceFen = i >= outstanding.length ? 2_000_000 : 1_000_000;
      const usagePercent = usagePercentOf(out, balanceFen);
      return {
        year: 2027,
        quotaFen: 1_000_000,
        balanceFen,
        outstandingFen: out,
        usagePercent,
        alert: alertOf(usagePercent, advanceTerms),
        measuredAt: 'x',
      };
    });
    await h.skipTo('2027-07-01', HOUR);
    const handle = await h.env.client.workflow.start<typeof advanceWorkflow>('advanceWorkflow', {
      workflowId: 'ADV-440800-110000',
      taskQueue: h.taskQueue,
      args: [{ insuredRegion: '440800', treatmentRegion: '110000', terms: advanceTerms }],
    });
    for (let n = 1; n < 5; n += 1) {
      await until(
        async () => h.fakes.calls('measureAdvanceUsage').length,
        (c) => c >= n,
        `measurement ${n}`,
      );
      await handle.signal(advanceNudgedSignal, { reason: 'settlement stored' });
    }
    const red = await until(
      () => handle.query(advanceQuery),
      (d: AdvanceDocument) => h.fakes.calls('measureAdvanceUsage').length >= 5 && d.lastMeasure?.outstandingFen === 990_000,
      'fifth measurement',
    );
    expect(red.alert).toBe('RED');
    expect(red.requests.map((r) => [r.id, r.status])).toEqual([['TOPUP-440800-110000-1', 'OPEN']]);
    expect(red.events.map((e) => e.type)).toEqual(['ALERT_YELLOW', 'TOP_UP_REQUESTED', 'TOP_UP_REQUEST_SENT']);
    expect(h.fakes.calls('sendClearingNotice').map((c) => [c.region, c.notice.kind, c.notice.caseId])).toEqual([
      ['440800', 'TOP_UP_REQUEST', 'TOPUP-440800-110000-1'],
    ]);
    await handle.signal(advanceToppedUpSignal, { topUpId: 'ATU-1', amountFen: 1_000_000, actor: clerk });
    const closed = await until(
      () => handle.query(advanceQuery),
      (d) => d.alert === 'NONE',
      'usage back under the lines',
    );
    expect(closed.requests[0]).toMatchObject({ status: 'TOPPED_UP', closedByTopUp: { topUpId: 'ATU-1', amountFen: 1_000_000 } });
    expect(h.fakes.calls('persistAdvance').length).toBeGreaterThan(0);
    await handle.terminate('test done');
  });
});
