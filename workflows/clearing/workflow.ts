// One workflow per pair and period owns a clearing's whole life (P-2..P-6): lock the period,
// reconcile against the treatment agency's list, wait for a clerk to resolve every difference,
// make the statement, apply, then wait for payment with reminders before the due day and
// escalation after it (P-3), until a payment closes it (P-4 fees and interest booked apart).
// The rules are in domain/clearing (lifecycle.ts); this file only orchestrates: one state, one
// moving deadline (T-4), one timeline, and continue-as-new before the history grows long.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyActivity, persistenceActivity } from '../activityOptions';
import { checked, failureMessage } from '../failures';
import { createMovingDeadline } from '../movingDeadline';
import { createTimeline, SYSTEM_ACTOR, type CaseActor } from '../timeline';
import { createCaseSearchAttributes } from '../searchAttributes';
import {
  applicationRefused,
  applied,
  checkDelayReport,
  checkPayment,
  checkResolution,
  delayReported,
  effectOutcome,
  exceptionResolved,
  fullyReconciled,
  locked,
  nextClearingDeadline,
  onDeadline,
  openClearing,
  opened,
  paymentRecorded,
  reconciled,
  statementMade,
  type ClearingEffect,
  type ClearingEvent,
  type ClearingState,
  type ClearingTransition,
} from '../../domain/clearing';
import { advanceIdOf } from '../../domain/advance/usage';
import { isoDateInShanghai } from '../../domain/time';
import {
  clearingNudgeSignal,
  clearingOpenedUpdate,
  clearingPaymentUpdate,
  clearingQuery,
  delayReportUpdate,
  resolveExceptionUpdate,
  type ClearingDocument,
  type ClearingWorkflowInput,
} from './definitions';
import { toClearingDocument, toClearingView } from './view';
import { advanceNudgedSignal } from '../advance/definitions';
import { offsetInClearingSignal } from '../recovery/definitions';

const store = wf.proxyActivities<Activities>(persistenceActivity);
/**
 * The steps that read or claim every line of a period (lock, reconcile, statement): a month of a
 * busy pair is a hundred thousand lines, minutes of work on FerretDB, so each attempt may take up
 * to half an hour (a shorter bound would cut a long attempt and start it again, forever).
 */
const BULK_STEP = '30 minutes';
const bulk = wf.proxyActivities<Activities>({ ...persistenceActivity, startToCloseTimeout: BULK_STEP });
/** Agency steps are tried a few times, then the case records the failure and tries again later. */
const agency = wf.proxyActivities<Activities>({ ...agencyActivity, retry: { ...agencyActivity.retry, maximumAttempts: 5 } });
const bulkAgency = wf.proxyActivities<Activities>({
  ...agencyActivity,
  startToCloseTimeout: BULK_STEP,
  retry: { ...agencyActivity.retry, maximumAttempts: 5 },
});

const HOUR_MS = 60 * 60 * 1000;
/** Between attempts at an agency step (reconciliation, application) that failed. */
export const AGENCY_RETRY_MS = 6 * HOUR_MS;
/** Loop turns before the run continues as new (a turn is a wake: reminder, escalation, a clerk's action). */
export const TURNS_PER_RUN = 200;

export async function clearingWorkflow(input: ClearingWorkflowInput): Promise<ClearingDocument> {
  const id = input.clearingId;
  const ref = { clearingId: id, insuredRegion: input.insuredRegion, treatmentRegion: input.treatmentRegion, period: input.period };
  const regions = [input.insuredRegion, input.treatmentRegion];
  const today = () => isoDateInShanghai(Date.now());
  const carried = input.continued;
  let state: ClearingState = carried?.state ?? openClearing(input, today());
  const timeline = createTimeline('CLEARING', id, carried?.timeline);
  let revision = carried?.revision ?? 0;
  let recorded = carried ? carried.timeline.events.length : 0;
  let published = carried ? carried.timeline.events.length : 0;
  let opened_ = carried !== undefined;
  let retryAtMs: number | null = null;
  let turns = 0;
  const nextWake = createMovingDeadline();

  const document = (): ClearingDocument => toClearingDocument(state, timeline.copy(), revision);
  const searchable = createCaseSearchAttributes();
  const publish = async (): Promise<ClearingDocument> => {
    revision += 1;
    const upTo = recorded;
    const doc = document();
    const { insuredRegion, treatmentRegion } = input;
    searchable.keep({
      kind: 'CLEARING',
      insuredRegion,
      treatmentRegion,
      status: state.status,
      nextDeadlineMs: nextClearingDeadline(state)?.atMs ?? null,
    });
    await store.persistClearing({ view: toClearingView(doc), audit: timeline.takeFresh() });
    published = Math.max(published, upTo);
    return doc;
  };
  const record = (event: ClearingEvent, actor: CaseActor) => {
    timeline.record(event.type, actor, event.data, event.note ?? event.rule);
    recorded += 1;
  };
  const failed = async (step: string, code: string, error: string) => {
    await store.recordCaseFailure({ failureId: `${id}:${step}`, code, caseType: 'CLEARING', caseId: id, regions, error });
  };
  const carryOut = async (effect: ClearingEffect) => {
    if (effect.type === 'BOOK') {
      await store.bookClearingMovement(effect.movement);
      return;
    }
    let error: string | undefined;
    const key = effect.type === 'REMIND' ? `${id}:remind:${effect.reminder}` : `${id}:escalate:${effect.escalation}`;
    try {
      if (effect.type === 'REMIND') {
        const note = `异地就医清算 ${state.period} 拨付提醒 payment reminder ${effect.reminder}: due ${effect.dueDate}`;
        await agency.sendClearingNotice({
          region: effect.to,
          notice: { caseId: id, kind: 'PAYMENT_REMINDER', dueDate: effect.dueDate, amountFen: effect.netDueFen, note },
          key,
        });
      } else {
        await agency.escalateCase({ region: effect.to, escalation: { caseId: id, caseType: 'CLEARING', reason: effect.reason }, key });
      }
    } catch (err) {
      error = failureMessage(err);
      await failed(key.slice(id.length + 1), effect.type === 'REMIND' ? 'AGENCY_NOTICE_FAILED' : 'ESCALATION_FAILED', error);
    }
    record(effectOutcome(effect, error), SYSTEM_ACTOR);
  };
  const step = async (t: ClearingTransition, actor: CaseActor = SYSTEM_ACTOR) => {
    state = t.state;
    if (t.event) record(t.event, actor);
    for (const effect of t.effects) await carryOut(effect);
  };
  /** A clerk's action: taken now, then answered once the read model shows it (so a GET after the POST sees it). */
  const act = async (t: ClearingTransition, actor: CaseActor, until: () => boolean = () => true): Promise<ClearingDocument> => {
    await step(t, actor);
    const mine = recorded;
    nextWake.moved();
    await wf.condition(() => published >= mine && until());
    return document();
  };

  wf.setHandler(clearingQuery, document);
  wf.setHandler(clearingOpenedUpdate, async () => {
    await wf.condition(() => opened_);
    return document();
  });
  wf.setHandler(clearingNudgeSignal, () => {
    retryAtMs = null;
    nextWake.moved();
  });
  wf.setHandler(
    resolveExceptionUpdate,
    // The last resolution answers once the statement is made: the clerk sees where it led.
    ({ exceptionId, decision, note, actor }) =>
      act(exceptionResolved(state, { exceptionId, decision, note, by: actor.agencyId }, today()), actor, () =>
        fullyReconciled(state) ? state.statement !== null || retryAtMs !== null : true,
      ),
    { validator: ({ exceptionId }) => void checked(() => checkResolution(state, exceptionId)) },
  );
  wf.setHandler(
    delayReportUpdate,
    ({ reason, expectedDate, actor }) => act(delayReported(state, { reason, expectedDate, by: actor.agencyId }, today()), actor),
    { validator: ({ expectedDate }) => void checked(() => checkDelayReport(state, expectedDate, today())) },
  );
  wf.setHandler(clearingPaymentUpdate, ({ actor, ...p }) => act(paymentRecorded(state, { ...p, by: actor.agencyId }, today()), actor), {
    validator: (p) => void checked(() => checkPayment(state, p, today())),
  });

  const continueAsNewIfLong = async () => {
    turns += 1;
    if (turns <= TURNS_PER_RUN && !wf.workflowInfo().continueAsNewSuggested) return;
    await wf.condition(wf.allHandlersFinished);
    if (published < recorded) await publish();
    await wf.continueAsNew<typeof clearingWorkflow>({ ...input, continued: { state, timeline: timeline.snapshot(), revision } });
  };

  /** An agency step that may fail for a while: null when it failed (recorded once per outage). */
  const tryAgency = async <T>(name: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      const result = await run();
      retryAtMs = null;
      return result;
    } catch (err) {
      const error = failureMessage(err);
      wf.log.warn(`clearing ${name} failed`, { clearingId: id, error });
      if (retryAtMs === null) {
        record({ type: `${name.toUpperCase()}_FAILED`, rule: 'P-2', data: { error } }, SYSTEM_ACTOR);
        await failed(`${name}-failed:${turns}`, 'AGENCY_UNAVAILABLE', error);
      }
      retryAtMs = Date.now() + AGENCY_RETRY_MS;
      return null;
    }
  };

  /**
   * RC-3, P-2: each recovery the statement offset (claimed by it, so finance can no longer collect
   * it) hears that it is settled here and closes. A recovery that cannot be told is a case failure
   * a clerk sees in the day's report; its claim still stands, so it is never collected twice.
   */
  const tellOffsetRecoveries = async (recoveries: ReadonlyArray<{ recoveryId: string; amountFen: number }>) => {
    for (const r of recoveries) {
      try {
        await wf.getExternalWorkflowHandle(r.recoveryId).signal(offsetInClearingSignal, { clearingId: id, amountFen: r.amountFen });
      } catch (err) {
        await failed(`offset:${r.recoveryId}`, 'RECOVERY_OFFSET_NOT_DELIVERED', failureMessage(err));
      }
    }
  };

  if (!carried) {
    await step(opened(state), input.actor ?? SYSTEM_ACTOR);
    await publish();
    opened_ = true;
  }

  // LOCK (P-6): from here on the period never changes.
  if (!state.lock) {
    await step(locked(state, await bulk.lockClearingPeriod(ref)));
    await publish();
  }

  for (;;) {
    // RECONCILE (P-2 a) with the treatment agency's list of the period.
    if (!state.reconciliation && retryAtMs === null) {
      const result = await tryAgency('reconciliation', () => bulkAgency.reconcileClearing(ref));
      if (result) await step(reconciled(state, result.summary, result.exceptions));
    }
    // STATEMENT (P-2 b) only at 100%, then the APPLICATION (P-2 c) with all its lines.
    if (fullyReconciled(state) && !state.statement) {
      await step(statementMade(state, await bulk.buildClearingStatement({ ref, exceptions: state.exceptions }), today()));
      await tellOffsetRecoveries(state.statement!.recoveries);
    }
    if (state.statement && !state.application && retryAtMs === null) {
      const statement = state.statement;
      const receipt = await tryAgency('application', () => agency.applyForClearing({ ref, statement }));
      await step(receipt ? applied(state, receipt.receiptId, today()) : applicationRefused(state));
    }
    if (published < recorded) await publish();
    if (state.status === 'PAID') break;
    // Sleep until the next reminder, the due day, an escalation, a retry, or a clerk's action.
    const deadline = nextClearingDeadline(state);
    const wakeAt = [deadline?.atMs, retryAtMs ?? undefined].filter((x): x is number => x !== undefined);
    const atMs = wakeAt.length ? Math.min(...wakeAt) : null;
    const wake = await nextWake.sleepUntil(atMs);
    if (wake === 'FIRED') {
      if (deadline && atMs === deadline.atMs && Date.now() >= deadline.atMs) await step(onDeadline(state, deadline, input.terms));
      if (retryAtMs !== null && Date.now() >= retryAtMs) retryAtMs = null;
    }
    if (published < recorded) await publish();
    await continueAsNewIfLong();
  }

  // P-5: the advance's usage falls now that this period is paid; its case measures again.
  try {
    await wf
      .getExternalWorkflowHandle(advanceIdOf(input.insuredRegion, input.treatmentRegion))
      .signal(advanceNudgedSignal, { reason: `${id} paid` });
  } catch (err) {
    wf.log.info('no advance case to tell (none started for this pair yet)', { clearingId: id, error: failureMessage(err) });
  }
  await wf.condition(wf.allHandlersFinished);
  return published < recorded ? publish() : document();
}
