// Recovery orders (RC-1..RC-4) driven to CLOSED on the time-skipping server, with the agency
// simulator's finance confirming payments; their recorded histories are replay fixtures.
import type { WorkflowHandle } from '@temporalio/client';
import type { WorkflowHarness } from '../support/workflowHarness';
import {
  offsetInClearingSignal,
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  recoveryQuery,
  retryTransferUpdate,
  type RecoveryDocument,
  type RecoveryWorkflowInput,
} from '../../workflows/recovery/definitions';
import { TURNS_PER_RUN, type recoveryWorkflow } from '../../workflows/recovery/workflow';
import { addDays, shanghaiMidnightEpochMs } from '../../domain/time';
import { ledgerEntryModel } from '../../models/ledger';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };

type Handle = WorkflowHandle<typeof recoveryWorkflow>;

export interface RecoveryScenario {
  name: string;
  run(h: WorkflowHarness, recoveryId: string): Promise<Handle>;
}

function order(recoveryId: string, overrides: Partial<RecoveryWorkflowInput> = {}): RecoveryWorkflowInput {
  return {
    recoveryId,
    source: { type: 'AUDIT', id: `AUD-${recoveryId}` },
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

async function start(h: WorkflowHarness, input: RecoveryWorkflowInput): Promise<Handle> {
  const handle = await h.env.client.workflow.start<typeof recoveryWorkflow>('recoveryWorkflow', {
    workflowId: input.recoveryId,
    taskQueue: h.taskQueue,
    args: [input],
  });
  await handle.executeUpdate(recoveryOpenedUpdate);
  return handle;
}

/** The debtor pays: finance (the simulator) confirms the collection, as a bank receipt would. */
export async function pay(recoveryId: string, amountFen: number): Promise<void> {
  const res = await fetch(`${process.env.AGENCY_API_URL}/finance/collections/${recoveryId}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${recoveryId}` },
    body: JSON.stringify({ amountFen }),
  });
  if (!res.ok) throw new Error(`finance refused the payment of ${recoveryId}: ${res.status} ${await res.text()}`);
}

/** Switches on a simulator fault (scripts/agency-simulator/faults.ts) for the next `times` matching calls. */
async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${process.env.AGENCY_API_URL}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  if (!res.ok) throw new Error(`the simulator refused the fault: ${res.status} ${await res.text()}`);
}

async function awaitStatus(handle: Handle, ok: (d: RecoveryDocument) => boolean, what: string): Promise<RecoveryDocument> {
  let doc: RecoveryDocument | undefined;
  for (let i = 0; i < 300; i += 1) {
    doc = await handle.query(recoveryQuery);
    if (ok(doc)) return doc;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} never reached: ${what}; last ${JSON.stringify(doc, null, 1)}`);
}

/** Ends the order and checks it took the intended path (a recording of another path is useless). */
async function finish(handle: Handle, expectedEvents: string[], transferredFen: number, exactly = false): Promise<RecoveryDocument> {
  const doc = await handle.result();
  const types = doc.events.map((e) => e.type);
  const missing = exactly
    ? types.join() === expectedEvents.join()
      ? []
      : [`exactly ${expectedEvents.join(', ')}`]
    : expectedEvents.filter((t) => !types.includes(t));
  if (doc.status !== 'CLOSED' || missing.length || doc.transfer?.amountFen !== transferredFen || !doc.reconciliation?.matched) {
    throw new Error(
      `${handle.workflowId} ended ${doc.status} (transfer ${doc.transfer?.amountFen}) without ${missing.join(', ')}: ${types.join(', ')}`,
    );
  }
  return doc;
}

export const recoveryScenarios: RecoveryScenario[] = [
  {
    // RC-3, P-2: a clearing of the pair deducted the debt; the case closes as offset, nothing transferred.
    name: 'offset-in-clearing-closed',
    async run(h, id) {
      const handle = await start(h, order(id));
      await awaitStatus(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
      await handle.signal(offsetInClearingSignal, { clearingId: 'CLR-220000-110000-2026-01', amountFen: 88_000 });
      const doc = await handle.result();
      const types = doc.events.map((e) => e.type).join();
      if (
        doc.status !== 'CLOSED' ||
        doc.offset?.amountFen !== 88_000 ||
        doc.transfer ||
        types !== 'ORDERED,DEBTOR_NOTIFIED,OFFSET_IN_CLEARING,CLOSED'
      ) {
        throw new Error(`${id} did not close as offset: ${doc.status} ${types}`);
      }
      return handle;
    },
  },
  {
    name: 'paid-on-report-transferred-reconciled-closed',
    async run(h, id) {
      const handle = await start(h, order(id));
      await awaitStatus(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
      await pay(id, 88_000);
      // The clerk's report makes the workflow ask finance at once, not at the next daily poll.
      await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk, note: '银行回单已到' }] });
      await finish(handle, ['DEBTOR_NOTIFIED', 'PAYMENT_REPORTED', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'], 88_000);
      return handle;
    },
  },
  {
    // RC-3, P-2: on this code the collection claims the debt first (patch recovery-offset-claim).
    name: 'paid-claims-collection-then-transferred',
    async run(h, id) {
      const handle = await start(h, order(id));
      await awaitStatus(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
      await pay(id, 88_000);
      await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
      await finish(handle, ['DEBTOR_NOTIFIED', 'PAYMENT_REPORTED', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'], 88_000);
      return handle;
    },
  },
  {
    name: 'with-fines-retained-only-fund-money-moves',
    async run(h, id) {
      const input = order(id, {
        amountFen: 45_000,
        fines: [
          { kind: 'ADMINISTRATIVE_FINE', amountFen: 20_000 },
          { kind: 'CONTRACT_PENALTY', amountFen: 5_000 },
        ],
      });
      // Paid (fund money and fines together) before the order starts: the first look at finance finds it.
      await pay(id, 70_000);
      const handle = await start(h, input);
      const doc = await finish(handle, ['COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'], 45_000);
      if (doc.finesRetainedFen !== 25_000) throw new Error(`${id}: fines retained ${doc.finesRetainedFen}, expected 25000`);
      return handle;
    },
  },
  {
    name: 'escalated-after-debtor-deadline-then-paid',
    async run(h, id) {
      // Finance is asked weekly (default daily) to keep the skipped month cheap.
      const handle = await start(h, order(id, { collectionPollMs: 7 * DAY }));
      const opened = await awaitStatus(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
      const target = shanghaiMidnightEpochMs(addDays(opened.dueDate, 1)) + HOUR;
      await h.env.sleep(target - (await h.env.currentTimeMs()));
      await awaitStatus(
        handle,
        (d) =>
          d.status === 'ESCALATED' &&
          d.events.filter((e) => e.type === 'DEBTOR_REMINDED').length === 2 &&
          d.events.some((e) => e.type === 'ESCALATED'),
        'escalation after two reminders',
      );
      await pay(id, 88_000);
      // Awaiting the result skips time to the next weekly look at finance, which finds the payment.
      await finish(handle, ['DEBTOR_REMINDED', 'OVERDUE', 'ESCALATED', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'], 88_000);
      return handle;
    },
  },
  // Paths of the recording-on-change code (patch recovery-record-on-change) and of continue-as-new.
  {
    name: 'reported-before-finance-has-it-then-paid',
    async run(h, id) {
      const handle = await start(h, order(id));
      await awaitStatus(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
      // Finance has nothing yet: the report is stored at once (a change), the case keeps waiting.
      await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk, note: '债务人称已汇款' }] });
      await awaitStatus(handle, (d) => d.revision >= 3, 'the report stored');
      await pay(id, 88_000);
      await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk, note: '银行回单已到' }] });
      const expected = [
        'ORDERED',
        'DEBTOR_NOTIFIED',
        'PAYMENT_REPORTED',
        'PAYMENT_REPORTED',
        'COLLECTED',
        'TRANSFERRED',
        'RECONCILED',
        'CLOSED',
      ];
      await finish(handle, expected, 88_000, true);
      return handle;
    },
  },
  {
    name: 'finance-down-then-back-then-paid',
    async run(h, id) {
      // Finance answers 503 to two checks (three tries each): one outage, recorded once.
      await fault({ match: { method: 'GET', pathPrefix: `/finance/collections/${id}` }, mode: 'error', status: 503, times: 6 });
      const handle = await start(h, order(id, { collectionPollMs: HOUR }));
      await awaitStatus(handle, (d) => d.events.some((e) => e.type === 'FINANCE_CHECK_FAILED'), 'outage recorded');
      await h.env.sleep(2 * HOUR + MINUTE);
      await awaitStatus(handle, (d) => d.events.some((e) => e.type === 'FINANCE_CHECK_RESUMED'), 'finance back');
      await pay(id, 88_000);
      await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
      const expected = [
        'ORDERED',
        'DEBTOR_NOTIFIED',
        'FINANCE_CHECK_FAILED',
        'FINANCE_CHECK_RESUMED',
        'PAYMENT_REPORTED',
        'COLLECTED',
        'TRANSFERRED',
        'RECONCILED',
        'CLOSED',
      ];
      await finish(handle, expected, 88_000, true);
      return handle;
    },
  },
  {
    name: 'reconciliation-mismatch-retried-until-cleared',
    async run(h, id) {
      // A hand-booked leg without its other half breaks this recovery's books: reconciliation
      // finds the same problem hourly (one exception, one escalation) until a clerk removes it.
      const stray = `${id}:MANUAL:D`;
      const ledger = ledgerEntryModel(h.db);
      await ledger.create({
        _id: stray,
        entryId: stray,
        movementId: `${id}:MANUAL`,
        recoveryId: id,
        step: 'MANUAL',
        side: 'DEBIT',
        account: 'SUSPENSE-110000',
        amountFen: 100,
        origin: { type: 'AUDIT', id: `AUD-${id}` },
        bookedOn: '2026-01-01',
      });
      await pay(id, 88_000);
      const handle = await start(h, order(id));
      await awaitStatus(handle, (d) => d.events.some((e) => e.type === 'RECONCILIATION_EXCEPTION'), 'the mismatch found');
      await h.env.sleep(2 * HOUR + MINUTE);
      await ledger.deleteOne({ _id: stray });
      const expected = [
        'ORDERED',
        'DEBTOR_NOTIFIED',
        'COLLECTED',
        'TRANSFERRED',
        'RECONCILIATION_EXCEPTION',
        'ESCALATED',
        'RECONCILED',
        'CLOSED',
      ];
      await finish(handle, expected, 88_000, true);
      return handle;
    },
  },
  {
    // The recorded history is the last run's: it starts from the state the first run handed on.
    name: 'continued-as-new-while-unpaid-then-paid',
    async run(h, id) {
      const handle = await start(h, order(id, { collectionPollMs: MINUTE }));
      await awaitStatus(handle, (d) => d.status === 'AWAITING_PAYMENT', 'debtor notified');
      await h.env.sleep((TURNS_PER_RUN + 5) * MINUTE);
      const started = (await handle.fetchHistory()).events?.[0]?.workflowExecutionStartedEventAttributes;
      if (!started?.continuedExecutionRunId) throw new Error(`${id} did not continue as new after ${TURNS_PER_RUN} checks`);
      await pay(id, 88_000);
      await handle.executeUpdate(paymentReportedUpdate, { args: [{ actor: clerk }] });
      const expected = ['ORDERED', 'DEBTOR_NOTIFIED', 'PAYMENT_REPORTED', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'];
      await finish(handle, expected, 88_000, true);
      return handle;
    },
  },
  {
    // Patch recovery-transfer-refusal: finance refuses the transfer once (the simulator remembers
    // the refusal under its key); the case waits as TRANSFER_REFUSED, escalated, until a clerk
    // retries, which asks for the same transferId under a new key.
    name: 'transfer-refused-then-retried-closed',
    async run(h, id) {
      await fault({
        match: { method: 'POST', pathPrefix: '/finance/transfers', idempotencyKeyPrefix: `${id}:transfer` },
        mode: 'refuse',
        status: 422,
        times: 1,
      });
      await pay(id, 88_000);
      const handle = await start(h, order(id));
      await awaitStatus(
        handle,
        (d) => d.status === 'TRANSFER_REFUSED' && d.events.some((e) => e.type === 'ESCALATED'),
        'the transfer refused and escalated',
      );
      await handle.executeUpdate(retryTransferUpdate, { args: [{ actor: clerk, note: '财务已解冻基金账户' }] });
      const expected = [
        'ORDERED',
        'DEBTOR_NOTIFIED',
        'COLLECTED',
        'TRANSFER_REFUSED',
        'ESCALATED',
        'TRANSFER_RETRY_REQUESTED',
        'TRANSFERRED',
        'RECONCILED',
        'CLOSED',
      ];
      const doc = await finish(handle, expected, 88_000, true);
      if (doc.transferRetries !== 1) throw new Error(`${id}: ${doc.transferRetries} retries, expected 1`);
      return handle;
    },
  },
];
