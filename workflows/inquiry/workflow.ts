// One workflow per inquiry case (I-1..I-6): it addresses the treatment-region agency, waits on
// durable timers for the answer deadline (I-2 period rollover, I-4 reminder and escalation), the
// I-3 confirmation window and the negotiation window, takes answers and decisions through
// updates with synchronous validators, and starts the I-5 recovery once an issue is confirmed.
// The rules are in domain/inquiry; this file only orchestrates.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyActivity, persistenceActivity } from '../activityOptions';
import { checked, failureMessage } from '../failures';
import {
  applyResponse,
  checkConfirmation,
  checkDecider,
  checkResponder,
  checkResponse,
  decide,
  nextInquiryDeadline,
  onDeadline,
  openInquiry,
  provincialAgencyOf,
  type InquiryEffect,
  type InquiryState,
  type Transition,
} from '../../domain/inquiry';
import { recoveryIdFor } from '../../domain/recovery/accounts';
import { isoDateInShanghai } from '../../domain/time';
import { startRecoveryChild } from '../recovery/startRecovery';
import { createTimeline, SYSTEM_ACTOR, type CaseActor } from '../timeline';
import {
  confirmInquiryUpdate,
  inquiryOpenedUpdate,
  inquiryQuery,
  respondInquiryUpdate,
  type InquiryDocument,
  type InquiryWorkflowInput,
} from './definitions';
import { toInquiryDocument, toInquiryView } from './view';

const store = wf.proxyActivities<Activities>(persistenceActivity);
const agency = wf.proxyActivities<Activities>(agencyActivity);

export async function inquiryWorkflow(input: InquiryWorkflowInput): Promise<InquiryDocument> {
  const today = () => isoDateInShanghai(Date.now());
  const id = input.inquiryId;
  const rules = { terms: input.terms, calendars: input.calendars };
  let state: InquiryState = openInquiry({ id, kind: input.kind, settlement: input.settlement, openedOn: today() }, rules);
  const timeline = createTimeline('INQUIRY', id);
  let recoveryId: string | null = null;
  let revision = 0;
  let opened = false;
  /** Bumped by every handler that changes state, so the deadline loop re-plans its timer. */
  let changes = 0;
  let remindersSent = 0;
  let escalationsSent = 0;

  const document = () => toInquiryDocument(state, input, { recoveryId }, timeline.copy(), revision);
  const publish = async () => {
    revision += 1;
    const doc = document();
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
    changes += 1;
  };

  /** Side effects a transition asked for; counters keep each message's idempotency key distinct. */
  const runEffects = async (effects: InquiryEffect[]) => {
    for (const effect of effects) {
      if (effect.type === 'REMIND') {
        const n = ++remindersSent;
        try {
          await agency.remindInquiryAgency({
            region: state.treatmentRegion,
            inquiryId: id,
            reminder: { dueDate: effect.dueDate, note: effect.note },
            key: `${id}:remind:${n}`,
          });
        } catch (err) {
          timeline.record('REMINDER_FAILED', SYSTEM_ACTOR, { error: failureMessage(err) }, 'I-4');
        }
      } else if (effect.type === 'ESCALATE') {
        const n = ++escalationsSent;
        const region = provincialAgencyOf(state.insuredRegion);
        try {
          await agency.escalateCase({
            region,
            escalation: { caseId: id, caseType: 'INQUIRY', reason: effect.reason },
            key: `${id}:escalate:${n}`,
          });
          timeline.record('ESCALATION_SENT', SYSTEM_ACTOR, { to: region }, 'I-3, I-4');
        } catch (err) {
          timeline.record('ESCALATION_FAILED', SYSTEM_ACTOR, { to: region, error: failureMessage(err) }, 'I-3, I-4');
        }
      } else {
        // I-5: the recovery outlives this case (ABANDON) and has a deterministic id, so a replay
        // or a clerk's own order for the same source can never start a twin.
        const recoveryId = recoveryIdFor('INQUIRY', id);
        const reasons = state.response?.reasons.join('; ') ?? '';
        await startRecoveryChild({
          recoveryId,
          source: { type: 'INQUIRY', id },
          amountFen: effect.amountFen,
          debtor: input.settlement.hospitalId,
          debtorRegion: state.treatmentRegion,
          insuredRegion: state.insuredRegion,
          treatmentRegion: state.treatmentRegion,
          scheme: input.settlement.scheme,
          reason: `I-5: inquiry ${id} on settlement ${state.settlementId} confirmed VERIFIED_ISSUE: ${reasons}`.slice(0, 2000),
          fines: [],
          debtorDeadlineDays: input.terms.debtorDeadlineDays,
          ...(input.recoveryCollectionPollMs ? { collectionPollMs: input.recoveryCollectionPollMs } : {}),
          actor: SYSTEM_ACTOR,
        });
        timeline.record('RECOVERY_STARTED', SYSTEM_ACTOR, { recoveryId, amountFen: effect.amountFen }, 'I-5, RC-2');
      }
    }
  };

  wf.setHandler(inquiryQuery, document);
  wf.setHandler(inquiryOpenedUpdate, async () => {
    await wf.condition(() => opened);
    return document();
  });
  wf.setHandler(
    respondInquiryUpdate,
    async ({ response, actor }) => {
      apply(
        checked(() => applyResponse(state, response, today(), rules)),
        actor,
      );
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
      apply(
        checked(() => decide(state, decision, note ?? null, today(), rules)),
        actor,
      );
      return publish();
    },
    {
      validator: ({ actor }) => {
        checked(() => checkDecider(state, actor));
        checked(() => checkConfirmation(state));
      },
    },
  );

  // Opening (I-1): store the case first so the POST answers at once, then address the agency.
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
  await publish();
  opened = true;
  try {
    const receipt = await agency.notifyInquiryAgency({
      region: state.treatmentRegion,
      notice: {
        inquiryId: id,
        kind: state.kind,
        insuredRegion: state.insuredRegion,
        settlementId: state.settlementId,
        reason: input.reason,
        dueDate: state.dueDate,
        ...(state.period ? { period: state.period } : {}),
      },
      key: `${id}:notify-inquiry`,
    });
    timeline.record('AGENCY_NOTIFIED', SYSTEM_ACTOR, { region: state.treatmentRegion, receiptId: receipt.receiptId }, 'I-6');
  } catch (err) {
    // Refused by the agency's system: the case stays in its inbox here and the deadlines still run.
    timeline.record('AGENCY_NOTICE_FAILED', SYSTEM_ACTOR, { region: state.treatmentRegion, error: failureMessage(err) }, 'I-6');
  }
  await publish();

  // Effects first, then deadlines (T-4): one durable timer to the next, re-planned whenever a
  // handler changes state. A confirmed case ends once its effects (the I-5 recovery) are done.
  for (;;) {
    if (pending.length) {
      await runEffects(pending.splice(0));
      await publish();
      continue;
    }
    if (state.status === 'CONFIRMED') break;
    const seen = changes;
    const deadline = nextInquiryDeadline(state);
    if (!deadline) {
      await wf.condition(() => changes !== seen);
      continue;
    }
    const changed = await wf.condition(() => changes !== seen, Math.max(1, deadline.atMs - Date.now()));
    if (changed || changes !== seen) continue;
    apply(onDeadline(state, deadline, rules), SYSTEM_ACTOR);
    await publish();
  }
  // Handlers may still be storing their last view; let them end before the final one.
  await wf.condition(wf.allHandlersFinished);
  return publish();
}
