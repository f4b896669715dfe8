// One workflow per pair owns the advance's alerts and emergency top-up requests (P-1, P-5). It
// never counts anything itself: each time it is nudged (a settlement stored or reversed, a period
// paid, a top-up) it measures usage from the records (derived, race-free) and the pure transition
// in domain/advance says whether an alert line was crossed. Being one workflow, it sees crossings
// one at a time, so a red crossing starts exactly one request however many settlements arrive at
// once. The request is a case of its own (id TOPUP-..., deadline, reminders, escalation when
// overdue, its own timeline events) kept inside this workflow, closed by a top-up.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyActivity, persistenceActivity } from '../activityOptions';
import { failureMessage } from '../failures';
import { createMovingDeadline } from '../movingDeadline';
import { createTimeline, SYSTEM_ACTOR, type CaseActor } from '../timeline';
import {
  advanceEffectOutcome,
  advanceIdOf,
  measured,
  nextAdvanceDeadline,
  onAdvanceDeadline,
  openAdvance,
  toppedUp,
  type AdvanceEffect,
  type AdvanceEvent,
  type AdvanceState,
  type AdvanceTransition,
} from '../../domain/advance';
import { isoDateInShanghai } from '../../domain/time';
import { advanceNudgedSignal, advanceQuery, advanceToppedUpSignal, type AdvanceDocument, type AdvanceWorkflowInput } from './definitions';

const store = wf.proxyActivities<Activities>(persistenceActivity);
const agency = wf.proxyActivities<Activities>({ ...agencyActivity, retry: { ...agencyActivity.retry, maximumAttempts: 5 } });

/** Wakes (measurements, reminders, top-ups) before the run continues as new: about 8 events each. */
export const ADVANCE_TURNS_PER_RUN = 300;

export async function advanceWorkflow(input: AdvanceWorkflowInput): Promise<void> {
  const id = advanceIdOf(input.insuredRegion, input.treatmentRegion);
  const pair = { insuredRegion: input.insuredRegion, treatmentRegion: input.treatmentRegion };
  const today = () => isoDateInShanghai(Date.now());
  const carried = input.continued;
  let state: AdvanceState = carried?.state ?? openAdvance(input.insuredRegion, input.treatmentRegion, id);
  const timeline = createTimeline('ADVANCE', id, carried?.timeline);
  let revision = carried?.revision ?? 0;
  let fresh = carried ? carried.timeline.events.length - carried.timeline.persisted : 0;
  // A new case measures at once: it was started because something changed.
  let nudged = carried?.nudged ?? true;
  let turns = 0;
  const nextWake = createMovingDeadline();

  const document = (): AdvanceDocument => ({
    ...state,
    requests: state.requests.map((r) => ({ ...r })),
    revision,
    events: timeline.copy(),
  });
  const record = (event: AdvanceEvent, actor: CaseActor) => {
    timeline.record(event.type, actor, event.data, event.note ?? event.rule);
    fresh += 1;
  };
  const publishIfChanged = async () => {
    if (fresh === 0) return;
    revision += 1;
    fresh = 0;
    const doc = document();
    await store.persistAdvance({
      view: { advanceId: id, revision, ...pair, document: doc, updatedAt: doc.events[doc.events.length - 1]?.at ?? '' },
      audit: timeline.takeFresh(),
    });
  };
  const carryOut = async (effect: AdvanceEffect) => {
    let error: string | undefined;
    const key =
      effect.type === 'NOTIFY_TOP_UP_REQUEST'
        ? `${effect.requestId}:notify`
        : effect.type === 'REMIND'
          ? `${effect.requestId}:remind:${effect.reminder}`
          : `${effect.requestId}:escalate:${effect.escalation}`;
    try {
      if (effect.type === 'ESCALATE') {
        await agency.escalateCase({
          region: effect.to,
          escalation: { caseId: effect.requestId, caseType: 'ADVANCE_TOP_UP', reason: effect.reason },
          key,
        });
      } else {
        const kind = effect.type === 'REMIND' ? 'TOP_UP_REMINDER' : 'TOP_UP_REQUEST';
        const note =
          effect.type === 'REMIND'
            ? `预付金紧急补足提醒 top-up reminder ${effect.reminder}: due ${effect.dueDate}`
            : `预付金使用率 ${effect.usagePercent}% 超过红色预警线，请紧急补足 advance usage crossed the red line: top up by ${effect.dueDate}`;
        await agency.sendClearingNotice({
          region: effect.to,
          notice: { caseId: effect.requestId, kind, dueDate: effect.dueDate, amountFen: null, note },
          key,
        });
      }
    } catch (err) {
      error = failureMessage(err);
      await store.recordCaseFailure({
        failureId: key,
        code: effect.type === 'ESCALATE' ? 'ESCALATION_FAILED' : 'AGENCY_NOTICE_FAILED',
        caseType: 'ADVANCE',
        caseId: effect.requestId,
        regions: [input.insuredRegion, input.treatmentRegion],
        error,
      });
    }
    record(advanceEffectOutcome(effect, error), SYSTEM_ACTOR);
  };
  const step = async (t: AdvanceTransition, actor: CaseActor = SYSTEM_ACTOR) => {
    state = t.state;
    if (t.event) record(t.event, actor);
    for (const effect of t.effects) await carryOut(effect);
    await publishIfChanged();
  };

  wf.setHandler(advanceQuery, document);
  wf.setHandler(advanceNudgedSignal, () => {
    nudged = true;
    nextWake.moved();
  });
  wf.setHandler(advanceToppedUpSignal, ({ topUpId, amountFen, actor }) => {
    const t = toppedUp(state, { topUpId, amountFen }, today());
    state = t.state;
    if (t.event) record(t.event, actor);
    nudged = true;
    nextWake.moved();
  });

  for (;;) {
    if (nudged) {
      nudged = false;
      await step(measured(state, await store.measureAdvanceUsage(pair), today(), input.terms));
    }
    await publishIfChanged();
    const deadline = nextAdvanceDeadline(state);
    if (!nudged) {
      const wake = await nextWake.sleepUntil(deadline?.atMs ?? null);
      if (wake === 'FIRED' && deadline) await step(onAdvanceDeadline(state, deadline));
    }
    turns += 1;
    if (turns > ADVANCE_TURNS_PER_RUN || wf.workflowInfo().continueAsNewSuggested) {
      await wf.condition(wf.allHandlersFinished);
      await publishIfChanged();
      await wf.continueAsNew<typeof advanceWorkflow>({ ...input, continued: { state, timeline: timeline.snapshot(), revision, nudged } });
    }
  }
}
