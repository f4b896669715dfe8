// One workflow per inquiry case (I-1..I-6): it addresses the treatment-region agency, waits on
// durable timers for the answer deadline (I-2 period rollover, I-4 reminder and escalation), the
// I-3 confirmation window and the negotiation window, takes answers and decisions through
// updates with synchronous validators, and starts the I-5 recovery once an issue is confirmed.
// The rules are in domain/inquiry; this file only orchestrates.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { persistenceActivity } from '../activityOptions';
import { checked } from '../failures';
import { createMovingDeadline } from '../movingDeadline';
import {
  applyResponse,
  checkConfirmation,
  checkDecider,
  checkForward,
  checkForwarder,
  checkResponder,
  checkResponse,
  decide,
  forwardInquiry,
  nextInquiryDeadline,
  onDeadline,
  openInquiry,
  plannedWorkingDayDeadlines,
  type CaseRules,
  type InquiryEffect,
  type InquiryState,
  type Transition,
} from '../../domain/inquiry';
import { recoveryIdFor } from '../../domain/recovery/accounts';
import { isoDateInShanghai } from '../../domain/time';
import { calendarCoverage } from '../../domain/workingDays';
import { createTimeline, SYSTEM_ACTOR, type CaseActor } from '../timeline';
import { createCaseSearchAttributes } from '../searchAttributes';
import {
  INQUIRY_DEADLINES_PER_RUN,
  confirmInquiryUpdate,
  forwardInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
  type InquiryDocument,
  type InquiryWorkflowInput,
} from './definitions';
import { carryOut, notifyAgency, type SentCounts } from './effects';
import { toInquiryDocument, toInquiryView } from './view';

const store = wf.proxyActivities<Activities>(persistenceActivity);

/**
 * a run started before continue-as-new existed may have passed more deadlines than a run
 * now takes; it must replay without continuing and continue only once it runs live. Planned
 * removal: deprecatePatch once every inquiry started before it has continued or closed, then delete.
 */
export const CONTINUE_AS_NEW_PATCH = 'inquiry-continue-as-new';

/**
 * X-2, T-3: working-day deadlines count on calendars looked up when each is planned (each side on
 * its own region's), so a calendar published after a case began is used; a year without one is
 * flagged on the case. Cases begun before keep the calendars their input carried. Planned removal:
 * deprecatePatch once no inquiry begun before it is open (a few months), then delete.
 */
export const CALENDARS_AT_PLANNING_PATCH = 'inquiry-calendars-at-planning';

export async function inquiryWorkflow(input: InquiryWorkflowInput): Promise<InquiryDocument> {
  const today = () => isoDateInShanghai(Date.now());
  const id = input.inquiryId;
  let rules: CaseRules = { terms: input.terms, calendars: input.calendars };
  // A continued run carries its case over and never opens it again.
  const { continued } = input;
  const regions = { insuredRegion: input.settlement.insuredRegion, treatmentRegion: input.settlement.treatmentRegion };
  /** T-3: the calendars as published now, before a working-day deadline is planned. */
  const refreshCalendars = async () => {
    if (wf.patched(CALENDARS_AT_PLANNING_PATCH)) rules = { terms: input.terms, ...(await store.workingCalendars(regions)) };
  };
  const open = () => openInquiry({ id, kind: input.kind, settlement: input.settlement, openedOn: today() }, rules);
  // Planned again at the opening below once the calendars are looked up (handlers are registered first).
  let state: InquiryState = continued?.state ?? open();
  const timeline = createTimeline('INQUIRY', id, continued?.timeline);
  /** T-3: a planned deadline that crosses a year without a calendar is flagged, never silently counted on weekends. */
  const flagMissingCalendars = () => {
    if (!wf.patched(CALENDARS_AT_PLANNING_PATCH)) return;
    for (const planned of plannedWorkingDayDeadlines(state, rules)) {
      const coverage = calendarCoverage(today(), planned.date, planned.calendars);
      if (!coverage.complete) {
        timeline.record('CALENDAR_MISSING', SYSTEM_ACTOR, { deadline: planned.date, missingYears: coverage.missingYears }, 'T-3');
        wf.log.warn('T-3: a deadline crosses a year without a holiday calendar', {
          inquiryId: id,
          deadline: planned.date,
          missing: coverage.missingYears,
        });
      }
    }
  };
  const deadline = createMovingDeadline();
  let recoveryId = continued?.recoveryId ?? null;
  let revision = continued?.revision ?? 0;
  let opened = continued !== undefined;
  const sent: SentCounts = { remindersSent: continued?.remindersSent ?? 0, escalationsSent: continued?.escalationsSent ?? 0 };
  let deadlinesPassed = 0;
  const continueAsNewDue = () =>
    (deadlinesPassed >= INQUIRY_DEADLINES_PER_RUN || wf.workflowInfo().continueAsNewSuggested) && wf.patched(CONTINUE_AS_NEW_PATCH);

  const ended = () => state.status === 'CONFIRMED';
  const document = () => toInquiryDocument(state, input, { recoveryId }, timeline.copy(), revision);
  const searchable = createCaseSearchAttributes();
  const publish = async () => {
    revision += 1;
    const doc = document();
    searchable.keep({ kind: 'INQUIRY', ...regions, status: state.status, nextDeadlineMs: nextInquiryDeadline(state)?.atMs ?? null });
    await store.persistInquiry({ view: toInquiryView(doc), audit: timeline.takeFresh() });
    return doc;
  };
  /** Effects asked for by transitions, carried out by the main loop (handlers answer at once). */
  const pending: InquiryEffect[] = [];
  const apply = (t: Transition, actor: CaseActor): void => {
    state = t.state;
    timeline.record(t.event.type, actor, t.event.data, t.event.rule);
    pending.push(...t.effects);
    // I-5: the recovery id is deterministic, so the case can name it before the child starts.
    if (t.effects.some((e) => e.type === 'START_RECOVERY')) recoveryId = recoveryIdFor('INQUIRY', id);
    deadline.moved();
  };

  wf.setHandler(inquiryQuery, document);
  wf.setHandler(inquiryOpenedUpdate, async () => {
    await wf.condition(() => opened);
    return document();
  });
  wf.setHandler(
    respondInquiryUpdate,
    async ({ response, actor }) => {
      await refreshCalendars();
      apply(
        checked(() => applyResponse(state, response, today(), rules)),
        actor,
      );
      flagMissingCalendars();
      return publish();
    },
    {
      validator: ({ response, actor }) => {
        checked(() => checkResponder(state, actor));
        checked(() => checkResponse(state, response));
      },
    },
  );
  wf.setHandler(
    confirmInquiryUpdate,
    async ({ decision, note, actor }) => {
      await refreshCalendars();
      apply(
        checked(() => decide(state, decision, note ?? null, today(), rules)),
        actor,
      );
      flagMissingCalendars();
      return publish();
    },
    {
      validator: ({ actor }) => {
        checked(() => checkDecider(state, actor));
        checked(() => checkConfirmation(state));
      },
    },
  );

  // I-4: forwarding issues commands only when a forward arrives, so histories without one replay
  // unchanged; the notice to the new agency is an effect the main loop carries out.
  wf.setHandler(
    forwardInquiryUpdate,
    async ({ toAgencyRegion, note, actor }) => {
      apply(
        checked(() => forwardInquiry(state, { toAgencyRegion, note }, today())),
        actor,
      );
      return publish();
    },
    {
      validator: ({ toAgencyRegion, note, actor }) => {
        checked(() => checkForwarder(state, actor));
        checked(() => checkForward(state, { toAgencyRegion, note }));
      },
    },
  );

  // Opening (I-1): store the case first so the POST answers at once, then address the agency.
  if (!continued) {
    if (wf.patched(CALENDARS_AT_PLANNING_PATCH)) {
      await refreshCalendars();
      state = open();
    }
    timeline.record(
      'OPENED',
      input.actor,
      {
        kind: input.kind,
        classification: input.classification,
        settlementId: state.settlementId,
        period: state.period,
        dueDate: state.dueDate,
        reminderDate: state.reminderDate,
      },
      'I-1',
    );
    flagMissingCalendars();
    await publish();
    opened = true;
    await notifyAgency(state, input, timeline);
    await publish();
  }

  // Effects first, then deadlines (T-4): one durable timer to the next, re-planned whenever a
  // handler changes state. A confirmed case ends once its effects (the I-5 recovery) are done.
  for (;;) {
    if (pending.length) {
      for (const effect of pending.splice(0)) await carryOut(effect, { state, input, timeline, sent });
      await publish();
      continue;
    }
    if (ended()) break;
    if (continueAsNewDue()) {
      await wf.condition(wf.allHandlersFinished);
      // A decision taken meanwhile may have left effects (the I-5 recovery) or ended the case.
      if (pending.length || ended()) continue;
      await wf.continueAsNew<typeof inquiryWorkflow>({
        ...input,
        continued: { state, timeline: timeline.snapshot(), recoveryId, revision, ...sent },
      });
    }
    const next = nextInquiryDeadline(state);
    if ((await deadline.sleepUntil(next?.atMs ?? null)) === 'MOVED') continue;
    deadlinesPassed += 1;
    apply(onDeadline(state, next!, rules), SYSTEM_ACTOR);
    await publish();
  }
  // Handlers may still be storing their last view; let them end before the final one.
  await wf.condition(wf.allHandlersFinished);
  return publish();
}
