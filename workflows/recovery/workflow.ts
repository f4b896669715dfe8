// One workflow per recovery order owns its whole life (RC-1..RC-4): order -> notify the debtor
// -> collect (finance confirms the payment) -> transfer to the fund account that paid -> reconcile
// -> closed. The rules are in domain/recovery (lifecycle.ts); this file only orchestrates: durable
// timers for the debtor deadline and its reminders (T-4), activities keyed by the recovery id and
// step, and one state that a long run hands whole to the next when it continues as new.
//
// Collection: a real agency learns of a debtor's payment from finance (bank receipts matched to
// the recovery), so the workflow asks finance once per poll interval (default daily), and at
// once when a clerk reports the payment (paymentReported update). Finance, not the clerk's word,
// decides that the money is there.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyActivity, financeActivity, persistenceActivity } from '../activityOptions';
import { checked, failureMessage } from '../failures';
import { createMovingDeadline, type Wake } from '../movingDeadline';
import { SYSTEM_ACTOR, type CaseActor } from '../timeline';
import {
  checkPaymentReport,
  checkTransferRetry,
  closeRecovery,
  debtorNoticeRefused,
  debtorRenumbered,
  debtorNotified,
  effectOutcome,
  financeCheckAnswered,
  financeCheckFailed,
  nextCollectionWake,
  offsetInClearing,
  offsetPossible,
  onDeadline,
  openRecovery,
  paymentChecked,
  paymentReported,
  reconciliationFound,
  reconciliationRequestOf,
  scheduleOrder,
  transferKeyFor,
  transferMovement,
  transferOrderOf,
  transferRefused,
  transferRetryRequested,
  transferred,
  type RecoveryEffect,
  type RecoveryState,
  type RecoveryTransition,
} from '../../domain/recovery';
import { isoDateInShanghai } from '../../domain/time';
import {
  debtorRenumberedSignal,
  offsetInClearingSignal,
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  recoveryQuery,
  retryTransferUpdate,
  type RecoveryDocument,
  type RecoveryWorkflowInput,
} from './definitions';
import { createCaseRecord } from './caseRecord';

const store = wf.proxyActivities<Activities>(persistenceActivity);
const agency = wf.proxyActivities<Activities>(agencyActivity);
/** The transfer and its reconciliation: retried until finance answers (activityOptions.ts). */
const finance = wf.proxyActivities<Activities>(financeActivity);
/** Asking finance is best-effort: a few tries, then the next poll asks again. */
const poll = wf.proxyActivities<Activities>({ ...agencyActivity, retry: { ...agencyActivity.retry, maximumAttempts: 3 } });

const DAY_MS = 24 * 60 * 60 * 1000;
/** Between reconciliation attempts that found a mismatch (an exception a clerk sees, P-2). */
const RECONCILE_RETRY_MS = 60 * 60 * 1000;

/**
 * Loop turns (finance checks, reconciliation attempts) a run makes before it continues as new.
 * A turn is about 11 history events (an activity and a timer, each with its workflow task), so a
 * run stays near 1,700 events and well under a megabyte: far below Temporal's warning (10,240
 * events) and limit (51,200), and a worker that lost its cache replays little. The server's own
 * suggestion (continueAsNewSuggested) is obeyed as well. At the daily default a run lasts five
 * months, so a recovery paid within its 30-day deadline never continues at all.
 */
export const TURNS_PER_RUN = 150;

/**
 * X-2 patches; both can go (deprecatePatch, then removal with the legacy branches below) once no
 * recovery started on a worker older than them is still open.
 *  - RECORD_ON_CHANGE, decided when a run starts: publish the read model and record an event only
 *    when something changed, record finance outages, wake on the moving deadline. Runs begun
 *    before it keep their exact commands and timeline until they end or continue as new.
 *  - CONTINUE_AS_NEW, asked only where a long run would continue, so a run begun before it takes
 *    it up as soon as it runs live on this code.
 */
const RECORD_ON_CHANGE = 'recovery-record-on-change';
const CONTINUE_AS_NEW = 'recovery-continue-as-new';
/**
 * X-2: finance refusing the transfer (AGENCY_REJECTED) becomes an exception on the case
 * (TRANSFER_REFUSED, escalated, retried by a clerk) instead of failing the workflow. Asked only
 * when a refusal arrives, so no other path records a marker; a run that failed on a refusal before
 * the patch replays as it failed. Planned removal: deprecatePatch once no run that failed on a
 * refused transfer is kept in history (the namespace's retention), then drop the legacy throw.
 */
const TRANSFER_REFUSAL = 'recovery-transfer-refusal';

/**
 * RC-3, P-2: before taking finance's collection the case claims the debt, since a clearing of the
 * pair may have offset it; asked only when a collection is confirmed, so only runs that reach one
 * on this code record it. Removal: deprecatePatch once no recovery begun before it is open.
 */
const OFFSET_CLAIM = 'recovery-offset-claim';

/** The failure type activities/agencyHttp.ts gives an agency's refusal (a 4xx other than 408/429). */
const AGENCY_REJECTED = 'AGENCY_REJECTED';

/** Finance's refusal as a clerk reads it, or null when the failure is not a refusal. */
function refusalOf(err: unknown): string | null {
  if (!(err instanceof wf.ActivityFailure) || !(err.cause instanceof wf.ApplicationFailure) || err.cause.type !== AGENCY_REJECTED) {
    return null;
  }
  const said = (err.cause.details?.[0] as { body?: { error?: { code?: string; message?: { en?: string } } } } | undefined)?.body?.error;
  if (!said?.code) return err.cause.message;
  return `${err.cause.message}: ${said.code}${said.message?.en ? ` (${said.message.en})` : ''}`;
}

export async function recoveryWorkflow(input: RecoveryWorkflowInput): Promise<RecoveryDocument> {
  const id = input.recoveryId;
  const today = () => isoDateInShanghai(Date.now());
  const pollMs = input.collectionPollMs ?? DAY_MS;
  const onChange = wf.patched(RECORD_ON_CHANGE);
  const carried = input.continued;
  let state: RecoveryState = carried?.state ?? openRecovery(input, today());
  const caseRecord = createCaseRecord(input, () => state, onChange);
  let opened = carried !== undefined;
  let turns = 0;
  const nextWake = createMovingDeadline();
  /** RC-3, P-2: the clearing that claimed this debt, as it told the case; taken at the next turn of collect(). */
  let offsetBy: { clearingId: string; amountFen: number } | null = null;

  const carryOut = async (effect: RecoveryEffect) => {
    if (effect.type === 'BOOK') {
      await store.bookMovement(effect.movement);
      return;
    }
    let error: string | undefined;
    try {
      if (effect.type === 'REMIND') {
        const notice = { recoveryId: id, amountFen: input.amountFen, dueDate: effect.dueDate, reason: effect.reason };
        await agency.notifyDebtor({ region: input.debtorRegion, notice, key: `${id}:remind-debtor:${effect.reminder}` });
      } else {
        const escalation = { caseId: id, caseType: 'RECOVERY', reason: effect.reason };
        await agency.escalateCase({ region: effect.to, escalation, key: `${id}:escalate:${effect.escalation}` });
      }
    } catch (err) {
      error = failureMessage(err);
    }
    caseRecord.record(effectOutcome(effect, error), SYSTEM_ACTOR);
  };
  /** Takes a transition of the main flow: the new state and its event now; returns its effects. */
  const take = (t: RecoveryTransition, actor: CaseActor = SYSTEM_ACTOR): RecoveryEffect[] => {
    state = t.state;
    if (t.event) caseRecord.record(t.event, actor);
    return t.effects;
  };
  /** One step: the transition, its effects carried out, the read model stored if anything changed. */
  const step = async (t: RecoveryTransition, actor: CaseActor = SYSTEM_ACTOR) => {
    for (const effect of take(t, actor)) await carryOut(effect);
    await caseRecord.publishIfChanged();
  };

  wf.setHandler(recoveryQuery, caseRecord.document);
  wf.setHandler(recoveryOpenedUpdate, async () => {
    await wf.condition(() => opened);
    return caseRecord.document();
  });
  wf.setHandler(
    paymentReportedUpdate,
    ({ actor, note }) => {
      const t = checked(() => paymentReported(state, note));
      state = t.state;
      if (t.event) caseRecord.record(t.event, actor, false);
      nextWake.moved();
      return caseRecord.document();
    },
    { validator: (_report) => void checked(() => checkPaymentReport(id, state.status)) },
  );

  wf.setHandler(
    retryTransferUpdate,
    async ({ actor, note }) => {
      const t = checked(() => transferRetryRequested(state, note));
      state = t.state;
      if (t.event) caseRecord.record(t.event, actor, false);
      // Stored before the transfer is asked for again: the clerk sees the retry at once.
      return caseRecord.publish();
    },
    { validator: (_retry) => void checked(() => checkTransferRetry(state)) },
  );

  wf.setHandler(offsetInClearingSignal, (offset) => {
    if (!offsetPossible(state)) {
      wf.log.warn('a clearing offset a recovery that no longer awaits payment', { recoveryId: id, status: state.status, ...offset });
      return;
    }
    offsetBy = offset;
    nextWake.moved();
  });

  wf.setHandler(debtorRenumberedSignal, ({ newDebtor, actor }) => {
    const t = debtorRenumbered(state, input, newDebtor);
    state = t.state;
    if (t.event) caseRecord.record(t.event, actor, false);
    nextWake.moved();
  });

  /** Bounded history: a long run hands the case to a fresh one (same id and keys, nothing redone). */
  const continueAsNewIfLong = async () => {
    turns += 1;
    const long = turns > TURNS_PER_RUN || wf.workflowInfo().continueAsNewSuggested;
    if (!long || !wf.patched(CONTINUE_AS_NEW)) return;
    await wf.condition(wf.allHandlersFinished);
    await wf.continueAsNew<typeof recoveryWorkflow>({ ...input, continued: caseRecord.continuation() });
  };

  /** What finance has of the payment; a failure is logged and handed back, the next check asks again. */
  const askFinance = async () => {
    try {
      return await poll.checkCollection({ recoveryId: id });
    } catch (err) {
      const error = failureMessage(err);
      wf.log.warn('finance could not say whether the debtor paid', { recoveryId: id, error, failedChecks: state.failedFinanceChecks + 1 });
      return { error };
    }
  };

  /** Until the next check, reminder or deadline; 'MOVED' when a clerk reported a payment, even during the check. */
  const sleepUntil = async (atMs: number, reportsBefore: number): Promise<Wake> => {
    const reported = () => state.paymentReports !== reportsBefore || offsetBy !== null;
    // Runs begun before RECORD_ON_CHANGE keep the wait they were recorded with (X-2).
    if (!onChange) return (await wf.condition(reported, Math.max(1, atMs - Date.now()))) ? 'MOVED' : 'FIRED';
    return reported() ? 'MOVED' : nextWake.sleepUntil(atMs);
  };

  /** True when finance's collection may be taken: no clearing of the pair has claimed the debt (RC-3, P-2). */
  const collectionClaimed = async () => {
    if (!wf.patched(OFFSET_CLAIM)) return true;
    const claim = await store.claimRecoveryCollection({
      recoveryId: id,
      insuredRegion: input.insuredRegion,
      treatmentRegion: input.treatmentRegion,
      amountFen: input.amountFen,
    });
    if (claim.settledBy === 'COLLECTION') return true;
    // The clearing claimed it first and tells the case right after its statement.
    await wf.condition(() => offsetBy !== null);
    return false;
  };

  const collect = async () => {
    for (;;) {
      if (offsetBy) return step(offsetInClearing(state, offsetBy, today(), input));
      await continueAsNewIfLong();
      const reportsBefore = state.paymentReports;
      const answer = await askFinance();
      if ('error' in answer) {
        if (onChange) await step(financeCheckFailed(state, answer.error));
      } else {
        take(financeCheckAnswered(state));
        const checkedPayment = paymentChecked(state, answer, today(), input);
        if (checkedPayment.state.status === 'COLLECTED' && !(await collectionClaimed())) continue;
        await step(checkedPayment);
        if (state.status === 'COLLECTED') return;
      }
      const next = nextCollectionWake(state, Date.now(), pollMs);
      const wake = await sleepUntil(next.atMs, reportsBefore);
      if (wake === 'FIRED' && next.deadline) await step(onDeadline(state, next.deadline, input));
    }
  };

  /**
   * TRANSFER to the fund account that paid, exactly once (RC-1, RC-4): one transferId for every
   * attempt. Finance refusing it is an exception on the case (TRANSFER_REFUSED, the province told)
   * that waits for a clerk's retry, sent under a new key; the money waits in the collection account.
   */
  const transfer = async () => {
    const movement = transferMovement(input, state.collectedOn!);
    for (;;) {
      if (state.status === 'TRANSFER_REFUSED') await wf.condition(() => state.status !== 'TRANSFER_REFUSED');
      try {
        const result = await finance.transferRecovered({ transfer: transferOrderOf(input), key: transferKeyFor(state), movement });
        await step(transferred(state, result.completedAt, input));
        return;
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal === null || !wf.patched(TRANSFER_REFUSAL)) throw err;
        wf.log.warn('finance refused the recovery transfer', { recoveryId: id, refusal });
        await step(transferRefused(state, refusal, today(), input));
      }
    }
  };

  const reconcile = async () => {
    for (;;) {
      await continueAsNewIfLong();
      const report = await finance.reconcileRecovery(reconciliationRequestOf(input, state.collectedOn!));
      await step(reconciliationFound(state, report, today(), input, { everyAttempt: !onChange }));
      if (state.status === 'RECONCILED') return;
      await wf.sleep(RECONCILE_RETRY_MS);
    }
  };

  if (!carried) {
    // ORDER (RC-3): the debtor deadline comes from the insured region's policy.
    const days =
      input.debtorDeadlineDays ??
      (await store.recoveryTermsFor({ insuredRegion: input.insuredRegion, on: state.orderedOn })).debtorDeadlineDays;
    await step(scheduleOrder(state, days, input), input.actor);
    opened = true;
    // NOTIFY the debtor through its agency; a refused notice goes to the province at once.
    let notified: { receiptId: string } | { error: string };
    try {
      notified = await agency.notifyDebtor({
        region: input.debtorRegion,
        notice: { recoveryId: id, amountFen: input.amountFen, dueDate: state.dueDate, reason: input.reason },
        key: `${id}:notify-debtor`,
      });
    } catch (err) {
      notified = { error: failureMessage(err) };
    }
    await step('error' in notified ? debtorNoticeRefused(state, notified.error, input) : debtorNotified(state, notified.receiptId, input));
  }
  // COLLECT: ask finance, then sleep until the next poll, reminder or the deadline (T-4); or a
  // clearing of the pair offsets the debt (OFFSET), and the case closes.
  if (state.status === 'AWAITING_PAYMENT' || state.status === 'ESCALATED') await collect();
  // TRANSFER to the fund account that paid, exactly once (RC-1, RC-4). Fines never move.
  if (state.status === 'COLLECTED' || state.status === 'TRANSFER_REFUSED') await transfer();
  // RECONCILE: a mismatch stays an open exception (escalated once) and is checked again hourly.
  if (state.status === 'TRANSFERRED') await reconcile();
  take(closeRecovery(state, today(), input));
  // Handlers may still be answering; let them end before the final view.
  await wf.condition(wf.allHandlersFinished);
  return caseRecord.publish();
}
