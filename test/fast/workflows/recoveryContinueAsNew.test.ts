// Bounded history (X-2, T-4): a recovery whose debtor does not pay is checked with finance for
// weeks, and a transfer that does not reconcile is retried hourly. Each run continues as new
// before its history grows long, hands its whole state and timeline on, and the case still
// closes with one notice, one collection, one transfer and one escalation per cause.
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import { TURNS_PER_RUN, type recoveryWorkflow } from '../../../workflows/recovery/workflow';
import {
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  recoveryQuery,
  type RecoveryWorkflowInput,
} from '../../../workflows/recovery/definitions';

const { EventType } = temporal.api.enums.v1;
const MINUTE = 60_000;
/** Ceiling per run, with room for handlers and reminders on top of TURNS_PER_RUN loop turns. */
const MAX_EVENTS_PER_RUN = 2_000;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };

jest.setTimeout(90_000);

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

/** Every run of the workflow, first to last, with its event count and how it ended. */
async function runsOf(handle: WorkflowHandleWithFirstExecutionRunId): Promise<Array<{ runId: string; events: number; ended: string }>> {
  const runs = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history: temporal.api.history.v1.IHistory = await h.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const last = events[events.length - 1];
    runs.push({ runId, events: events.length, ended: EventType[last.eventType ?? 0] });
    runId = last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

it('X-2: hundreds of finance checks and reconciliation retries continue as new, each run stays short, and the case closes once', async () => {
  const recoveryId = 'REC-AUD-long-unpaid';
  let reconciliations = 0;
  h.fakes.set('reconcileRecovery', async ({ expected }) => {
    reconciliations += 1;
    const matched = reconciliations > TURNS_PER_RUN + 10;
    return {
      matched,
      financeAmountFen: matched ? expected.amountFen : 0,
      ledgerBalanced: true,
      repairedEntries: [],
      problems: matched ? [] : ['finance has no transfer'],
    };
  });
  const input: RecoveryWorkflowInput = {
    recoveryId,
    source: { type: 'AUDIT', id: 'long-unpaid' },
    amountFen: 88_000,
    debtor: 'H110000002',
    debtorRegion: '110000',
    insuredRegion: '220000',
    treatmentRegion: '110000',
    scheme: 'RESIDENT',
    reason: '审核扣款：超量开药',
    fines: [],
    debtorDeadlineDays: 30,
    collectionPollMs: MINUTE,
    actor: clerk,
  };
  const handle = await h.env.client.workflow.start<typeof recoveryWorkflow>('recoveryWorkflow', {
    workflowId: recoveryId,
    taskQueue: h.taskQueue,
    args: [input],
  });
  await handle.executeUpdate(recoveryOpenedUpdate);

  // Several hundred checks with nothing paid.
  await h.env.sleep(2.5 * TURNS_PER_RUN * MINUTE);
  const checks = h.fakes.calls('checkCollection').length;
  expect(checks).toBeGreaterThanOrEqual(2.5 * TURNS_PER_RUN);
  const unpaid = await handle.query(recoveryQuery);
  expect(unpaid).toMatchObject({ status: 'AWAITING_PAYMENT', remindersSent: 0 });
  expect(unpaid.events.map((e) => e.type)).toEqual(['ORDERED', 'DEBTOR_NOTIFIED']);

  // Paid; reconciliation then fails for more than a run's worth of hourly retries before it matches.
  h.fakes.set('checkCollection', async ({ recoveryId: id }) => ({ recoveryId: id, confirmed: true, amountFen: 88_000 }));
  await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
  const closed = await handle.result();

  const runs = await runsOf(handle);
  // Measured figures, for the record when this test changes.
  console.log(`recovery runs: ${runs.map((r) => `${r.events} events (${r.ended})`).join(', ')}; ${checks} checks`);
  expect(runs.length).toBeGreaterThanOrEqual(4);
  expect(runs.slice(0, -1).every((r) => r.ended === 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW')).toBe(true);
  expect(runs[runs.length - 1].ended).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
  for (const run of runs) expect(run.events).toBeLessThan(MAX_EVENTS_PER_RUN);

  // Nothing ordered, notified, booked, transferred or escalated twice across the runs.
  expect(closed).toMatchObject({ status: 'CLOSED', transfer: { amountFen: 88_000 }, reconciliation: { matched: true } });
  expect(h.fakes.calls('notifyDebtor').map((c) => c.key)).toEqual([`${recoveryId}:notify-debtor`]);
  expect(h.fakes.calls('bookMovement').map((m) => m.step)).toEqual(['COLLECT']);
  expect(h.fakes.calls('transferRecovered')).toHaveLength(1);
  expect(h.fakes.calls('escalateCase').map((c) => c.key)).toEqual([`${recoveryId}:escalate:1`]);
  expect(reconciliations).toBe(TURNS_PER_RUN + 11);
  expect(closed.events.map((e) => e.type)).toEqual([
    'ORDERED',
    'DEBTOR_NOTIFIED',
    'PAYMENT_REPORTED',
    'COLLECTED',
    'TRANSFERRED',
    'RECONCILIATION_EXCEPTION',
    'ESCALATED',
    'RECONCILED',
    'CLOSED',
  ]);
  // One timeline across the runs: each event audited once, in order; views only ever newer.
  const stored = h.fakes.calls('persistRecovery');
  expect(stored.flatMap((c) => c.audit.map((a) => a.eventId))).toEqual(closed.events.map((e) => `${recoveryId}:${e.seq}`));
  const revisions = stored.map((c) => c.view.revision);
  expect(revisions).toEqual(revisions.map((_, i) => i + 1));
  expect(closed.revision).toBe(revisions.length);
});
