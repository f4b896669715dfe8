// What an inquiry case does outside itself: the notice to the treatment-region agency (I-6) and
// the effects its transitions ask for (domain/inquiry/lifecycle.ts): reminders (I-2, I-4),
// escalation to the provincial agency (I-3, I-4) and the I-5 recovery. A refused message is
// recorded on the case and the deadlines still run; the agencies see each key once.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { provincialAgencyOf, type InquiryEffect, type InquiryState } from '../../domain/inquiry';
import { recoveryIdFor } from '../../domain/recovery/accounts';
import { agencyActivity } from '../activityOptions';
import { failureMessage } from '../failures';
import { startRecoveryChild } from '../recovery/startRecovery';
import { SYSTEM_ACTOR, type Timeline } from '../timeline';
import type { InquiryWorkflowInput } from './definitions';

const agency = wf.proxyActivities<Activities>(agencyActivity);

/** Messages sent so far: each idempotency key names its message, so a count is never reused (carried over continue-as-new). */
export interface SentCounts {
  remindersSent: number;
  escalationsSent: number;
}

/** I-1, I-6: the case is addressed to the treatment-region agency. */
export async function notifyAgency(state: InquiryState, input: InquiryWorkflowInput, timeline: Timeline): Promise<void> {
  const id = state.id;
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
}

/** Carries out one effect a transition asked for, and records how it went. */
export async function carryOut(
  effect: InquiryEffect,
  { state, input, timeline, sent }: { state: InquiryState; input: InquiryWorkflowInput; timeline: Timeline; sent: SentCounts },
): Promise<void> {
  const id = state.id;
  if (effect.type === 'REMIND') {
    const n = ++sent.remindersSent;
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
  } else if (effect.type === 'NOTIFY_FORWARD') {
    // I-4: the agency forwarded to hears of the case through its own system, once per forward;
    // the deadline it is told is the first receiver's, which stands.
    const from = state.treatmentRegion;
    try {
      const receipt = await agency.notifyInquiryAgency({
        region: effect.toAgencyRegion,
        notice: {
          inquiryId: id,
          kind: state.kind,
          insuredRegion: state.insuredRegion,
          settlementId: state.settlementId,
          reason: `I-4 forwarded by ${from}: ${effect.note} | ${input.reason}`.slice(0, 2000),
          dueDate: state.dueDate,
        },
        key: `${id}:forward:${effect.forward}`,
      });
      timeline.record('FORWARD_NOTIFIED', SYSTEM_ACTOR, { region: effect.toAgencyRegion, receiptId: receipt.receiptId }, 'I-4');
    } catch (err) {
      // Refused: the case is in its inbox here all the same, and the deadline runs.
      timeline.record('FORWARD_NOTICE_FAILED', SYSTEM_ACTOR, { region: effect.toAgencyRegion, error: failureMessage(err) }, 'I-4');
    }
  } else if (effect.type === 'ESCALATE') {
    const n = ++sent.escalationsSent;
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
