// What the outside sees of a recovery (E-2): its timeline, the read model built from it, and when
// the two are stored. A run that continues as new hands both on (continuation), so no event is
// audited twice and the views' revisions keep rising.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { nextRecoveryDeadline, type RecoveryEvent, type RecoveryState } from '../../domain/recovery';
import { persistenceActivity } from '../activityOptions';
import { createTimeline, type CaseActor } from '../timeline';
import { createCaseSearchAttributes } from '../searchAttributes';
import type { RecoveryContinuation, RecoveryDocument, RecoveryWorkflowInput } from './definitions';
import { toRecoveryDocument, toRecoveryView } from './view';

const store = wf.proxyActivities<Activities>(persistenceActivity);

/**
 * `onChange` (patch recovery-record-on-change): store whenever the timeline has news. Without it
 * (runs begun before the patch, X-2) store after each step of the main flow that recorded, as
 * those runs did; a clerk's payment report then waits for the next such step.
 */
export function createCaseRecord(input: RecoveryWorkflowInput, current: () => RecoveryState, onChange: boolean) {
  const carried = input.continued;
  const timeline = createTimeline('RECOVERY', input.recoveryId, carried?.timeline);
  let revision = carried?.revision ?? 0;
  /** Events not yet stored: all of them, and those the main flow recorded itself. */
  let fresh = carried ? carried.timeline.events.length - carried.timeline.persisted : 0;
  let freshFromFlow = 0;

  const document = (): RecoveryDocument => toRecoveryDocument(current(), input, timeline.copy(), revision);
  const searchable = createCaseSearchAttributes();
  const publish = async (): Promise<RecoveryDocument> => {
    revision += 1;
    fresh = freshFromFlow = 0;
    const doc = document();
    const state = current();
    const { insuredRegion, treatmentRegion } = input;
    const nextDeadlineMs = state.status === 'AWAITING_PAYMENT' ? (nextRecoveryDeadline(state)?.atMs ?? null) : null;
    searchable.keep({ kind: 'RECOVERY', insuredRegion, treatmentRegion, status: state.status, nextDeadlineMs });
    await store.persistRecovery({ view: toRecoveryView(doc), audit: timeline.takeFresh() });
    return doc;
  };
  return {
    document,
    publish,
    async publishIfChanged(): Promise<void> {
      if (onChange ? fresh > 0 : freshFromFlow > 0) await publish();
    },
    /** `byFlow` false: recorded by a handler (a person acting), not by a step of the main flow. */
    record(event: RecoveryEvent, actor: CaseActor, byFlow = true): void {
      timeline.record(event.type, actor, event.data, event.note ?? event.rule);
      fresh += 1;
      if (byFlow) freshFromFlow += 1;
    },
    continuation: (): RecoveryContinuation => ({ state: current(), timeline: timeline.snapshot(), revision }),
  };
}
