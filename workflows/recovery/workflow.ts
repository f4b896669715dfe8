// One workflow per recovery order owns its whole life (RC-1..RC-4): order -> notify the debtor
// -> collect (finance confirms the payment) -> transfer to the fund account that paid -> reconcile
// -> closed. The debtor deadline, its reminders and the escalation when overdue are durable
// timers (T-4). Every side effect is an idempotent activity keyed by the recovery id and step.
//
// Collection: a real agency learns of a debtor's payment from finance (bank receipts matched to
// the recovery), so the workflow asks finance once per poll interval (default daily), and at
// once when a clerk reports the payment (paymentReported update). Finance, not the clerk's word,
// decides that the money is there.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyActivity, persistenceActivity } from '../activityOptions';
import { checked, failureMessage } from '../failures';
import {
  checkPaymentReport,
  collectionAccountOf,
  fundAccountOf,
  paymentComplete,
  receivableAccountOf,
  recoverySchedule,
  retainedFinesFen,
  transferIdOf,
  type Movement,
  type RecoveryStatus,
} from '../../domain/recovery';
import { provincialAgencyOf } from '../../domain/inquiry/deadlines';
import { deadlineInstantMs, isoDateInShanghai, shanghaiMidnightEpochMs } from '../../domain/time';
import {
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  recoveryQuery,
  type RecoveryDocument,
  type RecoveryReconciliation,
  type RecoveryTransfer,
  type RecoveryWorkflowInput,
} from './definitions';
import { createTimeline, SYSTEM_ACTOR } from '../timeline';
import { toRecoveryView } from './view';

const store = wf.proxyActivities<Activities>(persistenceActivity);
const agency = wf.proxyActivities<Activities>(agencyActivity);
/** Asking finance is best-effort: a few tries, then the next poll asks again. */
const poll = wf.proxyActivities<Activities>({ ...agencyActivity, retry: { ...agencyActivity.retry, maximumAttempts: 3 } });

const DAY_MS = 24 * 60 * 60 * 1000;
/** Between reconciliation attempts that found a mismatch (an exception a clerk sees, P-2). */
const RECONCILE_RETRY_MS = 60 * 60 * 1000;

export async function recoveryWorkflow(input: RecoveryWorkflowInput): Promise<RecoveryDocument> {
  const today = () => isoDateInShanghai(Date.now());
  const id = input.recoveryId;
  const orderedOn = today();
  const pollMs = input.collectionPollMs ?? DAY_MS;
  const timeline = createTimeline('RECOVERY', id);
  const transferId = transferIdOf(id);
  const targetAccount = fundAccountOf(input.insuredRegion, input.scheme);
  const collectionAccount = collectionAccountOf(input.debtorRegion);
  const origin = { type: input.source.type, id: input.source.id };

  let status: RecoveryStatus = 'ORDERED';
  let schedule = { orderedOn, dueDate: orderedOn, reminderDates: [] as string[] };
  let remindersSent = 0;
  let escalations = 0;
  let overdue = false;
  let collectedFen = 0;
  let collectedOn: string | null = null;
  let transfer: RecoveryTransfer | null = null;
  let reconciliation: RecoveryReconciliation | null = null;
  let closedOn: string | null = null;
  let revision = 0;
  let opened = false;
  /** Bumped by a payment report so the collection loop asks finance now. */
  let reports = 0;

  const nextDeadline = (): RecoveryDocument['nextDeadline'] => {
    if (status !== 'AWAITING_PAYMENT' && status !== 'ORDERED') return null;
    const reminder = schedule.reminderDates[remindersSent];
    return reminder ? { kind: 'REMINDER', date: reminder } : { kind: 'DEBTOR_DEADLINE', date: schedule.dueDate };
  };

  const document = (): RecoveryDocument => ({
    id,
    status,
    amountFen: input.amountFen,
    source: origin,
    debtor: input.debtor,
    debtorRegion: input.debtorRegion,
    insuredRegion: input.insuredRegion,
    treatmentRegion: input.treatmentRegion,
    scheme: input.scheme,
    reason: input.reason,
    targetAccount,
    collectionAccount,
    transferId,
    fines: input.fines.map((f) => ({ ...f })),
    finesRetainedFen: retainedFinesFen(input.fines),
    orderedOn,
    dueDate: schedule.dueDate,
    reminderDates: [...schedule.reminderDates],
    remindersSent,
    overdue,
    escalated: escalations > 0,
    collectedFen,
    collectedOn,
    transfer,
    reconciliation,
    closedOn,
    nextDeadline: nextDeadline(),
    revision,
    events: timeline.copy(),
  });

  const publish = async () => {
    revision += 1;
    const doc = document();
    await store.persistRecovery({ view: toRecoveryView(doc), audit: timeline.takeFresh() });
    return doc;
  };

  const escalateOverdue = async (reason: string) => {
    escalations += 1;
    const region = provincialAgencyOf(input.insuredRegion);
    try {
      await agency.escalateCase({ region, escalation: { caseId: id, caseType: 'RECOVERY', reason }, key: `${id}:escalate:${escalations}` });
      timeline.record('ESCALATED', SYSTEM_ACTOR, { to: region, reason }, 'RC-3');
    } catch (err) {
      timeline.record('ESCALATION_FAILED', SYSTEM_ACTOR, { to: region, error: failureMessage(err) }, 'RC-3');
    }
  };

  wf.setHandler(recoveryQuery, document);
  wf.setHandler(recoveryOpenedUpdate, async () => {
    await wf.condition(() => opened);
    return document();
  });
  wf.setHandler(
    paymentReportedUpdate,
    ({ actor, note }) => {
      timeline.record('PAYMENT_REPORTED', actor, undefined, note ?? 'RC-3');
      reports += 1;
      return document();
    },
    { validator: (_report) => void checked(() => checkPaymentReport(id, status)) },
  );

  // ORDER (RC-3): the debtor deadline comes from the insured region's policy.
  const deadlineDays =
    input.debtorDeadlineDays ?? (await store.recoveryTermsFor({ insuredRegion: input.insuredRegion, on: orderedOn })).debtorDeadlineDays;
  schedule = recoverySchedule(orderedOn, deadlineDays);
  timeline.record(
    'ORDERED',
    input.actor,
    {
      amountFen: input.amountFen,
      source: origin,
      debtor: input.debtor,
      targetAccount,
      dueDate: schedule.dueDate,
      finesRetainedFen: retainedFinesFen(input.fines),
    },
    input.fines.length ? 'RC-2, RC-3; fines recorded, retained by the treatment region (RC-1)' : 'RC-2, RC-3',
  );
  await publish();
  opened = true;

  // NOTIFY the debtor through its agency.
  try {
    const receipt = await agency.notifyDebtor({
      region: input.debtorRegion,
      notice: { recoveryId: id, amountFen: input.amountFen, dueDate: schedule.dueDate, reason: input.reason },
      key: `${id}:notify-debtor`,
    });
    timeline.record(
      'DEBTOR_NOTIFIED',
      SYSTEM_ACTOR,
      { region: input.debtorRegion, receiptId: receipt.receiptId, dueDate: schedule.dueDate },
      'RC-3',
    );
  } catch (err) {
    // The debtor's agency refused the notice: a person must look, so the province hears of it now.
    timeline.record('DEBTOR_NOTICE_REJECTED', SYSTEM_ACTOR, { region: input.debtorRegion, error: failureMessage(err) }, 'RC-3');
    await escalateOverdue(`recovery ${id}: the debtor's agency refused the notice`);
  }
  status = 'AWAITING_PAYMENT';
  await publish();

  // COLLECT: ask finance, then sleep until the next poll, reminder or the deadline (T-4).
  for (;;) {
    const seen = reports;
    const collection = await poll.checkCollection({ recoveryId: id }).catch(() => null);
    if (collection && paymentComplete(collection, input.amountFen)) {
      collectedFen = input.amountFen;
      break;
    }
    const now = Date.now();
    const reminder = schedule.reminderDates[remindersSent];
    const wakeups: Array<{ kind: 'POLL' | 'REMINDER' | 'DEADLINE'; at: number }> = [{ kind: 'POLL', at: now + pollMs }];
    if (reminder && status === 'AWAITING_PAYMENT') wakeups.push({ kind: 'REMINDER', at: shanghaiMidnightEpochMs(reminder) });
    if (status === 'AWAITING_PAYMENT') wakeups.push({ kind: 'DEADLINE', at: deadlineInstantMs(schedule.dueDate) });
    const next = wakeups.reduce((a, b) => (b.at < a.at ? b : a));
    const reported = await wf.condition(() => reports !== seen, Math.max(1, next.at - now));
    if (reported) continue;
    if (next.kind === 'REMINDER') {
      remindersSent += 1;
      try {
        await agency.notifyDebtor({
          region: input.debtorRegion,
          notice: {
            recoveryId: id,
            amountFen: input.amountFen,
            dueDate: schedule.dueDate,
            reason: `催缴提醒 reminder ${remindersSent}: ${input.reason}`,
          },
          key: `${id}:remind-debtor:${remindersSent}`,
        });
        timeline.record('DEBTOR_REMINDED', SYSTEM_ACTOR, { reminder: remindersSent, dueDate: schedule.dueDate }, 'RC-3');
      } catch (err) {
        timeline.record('DEBTOR_REMINDER_FAILED', SYSTEM_ACTOR, { reminder: remindersSent, error: failureMessage(err) }, 'RC-3');
      }
      await publish();
    } else if (next.kind === 'DEADLINE') {
      overdue = true;
      status = 'ESCALATED';
      remindersSent = Math.max(remindersSent, schedule.reminderDates.length);
      timeline.record('OVERDUE', SYSTEM_ACTOR, { dueDate: schedule.dueDate }, 'RC-3');
      await escalateOverdue(`recovery ${id}: ${input.amountFen} fen unpaid after the debtor deadline ${schedule.dueDate}`);
      await publish();
    }
  }

  // COLLECTED: the payment is in the collecting agency's account (RC-4 movement).
  collectedOn = today();
  status = 'COLLECTED';
  const collect: Movement = {
    recoveryId: id,
    step: 'COLLECT',
    debitAccount: collectionAccount,
    creditAccount: receivableAccountOf(input.debtor),
    amountFen: input.amountFen,
    origin,
    bookedOn: collectedOn,
    memo: `payment by ${input.debtor} confirmed by finance`,
  };
  await store.bookMovement(collect);
  timeline.record('COLLECTED', SYSTEM_ACTOR, { amountFen: input.amountFen, account: collectionAccount }, 'RC-3, RC-4');
  await publish();

  // TRANSFER to the fund account that paid, exactly once (RC-1, RC-4). Fines never move.
  const transferMovement: Movement = {
    recoveryId: id,
    step: 'TRANSFER',
    debitAccount: targetAccount,
    creditAccount: collectionAccount,
    amountFen: input.amountFen,
    origin,
    bookedOn: collectedOn,
    memo: `recovered fund money returned to ${targetAccount}`,
  };
  const result = await agency.transferRecovered({
    transfer: {
      transferId,
      fromAccount: collectionAccount,
      toAccount: targetAccount,
      amountFen: input.amountFen,
      purpose: `RC-1 recovery ${id}: ${input.reason}`.slice(0, 2000),
      origin,
    },
    key: `${id}:transfer`,
    movement: transferMovement,
  });
  transfer = {
    transferId,
    fromAccount: collectionAccount,
    toAccount: targetAccount,
    amountFen: input.amountFen,
    completedAt: result.completedAt,
  };
  status = 'TRANSFERRED';
  timeline.record('TRANSFERRED', SYSTEM_ACTOR, { ...transfer }, 'RC-1, RC-4');
  await publish();

  // RECONCILE: finance has the transfer as ordered and the ledger balances; a mismatch stays an
  // open exception (recorded, escalated once) and is checked again until it clears.
  for (let attempt = 1; ; attempt++) {
    const report = await agency.reconcileRecovery({
      recoveryId: id,
      transferId,
      expected: { fromAccount: collectionAccount, toAccount: targetAccount, amountFen: input.amountFen },
      movements: [collect, transferMovement],
    });
    reconciliation = {
      reconciledOn: today(),
      financeAmountFen: report.financeAmountFen,
      ledgerBalanced: report.ledgerBalanced,
      matched: report.matched,
      problems: report.problems,
    };
    if (report.matched) {
      timeline.record(
        'RECONCILED',
        SYSTEM_ACTOR,
        { financeAmountFen: report.financeAmountFen, repairedEntries: report.repairedEntries },
        'RC-3, RC-4',
      );
      break;
    }
    timeline.record('RECONCILIATION_EXCEPTION', SYSTEM_ACTOR, { attempt, problems: report.problems }, 'RC-4, P-2');
    if (attempt === 1) await escalateOverdue(`recovery ${id}: reconciliation mismatch: ${report.problems.join('; ')}`);
    await publish();
    await wf.sleep(RECONCILE_RETRY_MS);
  }
  status = 'RECONCILED';
  await publish();

  status = 'CLOSED';
  closedOn = today();
  timeline.record('CLOSED', SYSTEM_ACTOR, { amountFen: input.amountFen, targetAccount }, 'RC-3');
  await wf.condition(wf.allHandlersFinished);
  return publish();
}
