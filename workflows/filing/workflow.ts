// One workflow per filing owns its whole life (F-1..F-11): it opens the case, supersedes the
// person's other live filing in that region, waits on durable timers for the commitment
// deadline and expiry (T-4), and answers clerks through updates. The rules and the case state
// are in domain/filing (case.ts); this file only orchestrates.
import * as wf from '@temporalio/workflow';
import {
  changeFilingCase,
  cancelFilingCase,
  cancelPendingCommitment,
  fundPaidUnderCommitment,
  insuranceStatusChanged,
  isLive,
  linkReReferral,
  nextDeadline,
  onFilingDeadline,
  openFilingCase,
  recoveryRequired,
  recoveryStarted,
  renumberPerson,
  supersede,
  supersededPrevious,
  supersessionSkipped,
  supplyMaterials,
  type FilingCase,
  type FilingCaseTransition,
  type FilingEffect,
} from '../../domain/filing';
import { openImportedFilingCase } from '../../domain/filing/import';
import { isoDateInShanghai } from '../../domain/time';
import type { Activities } from '../../activities';
import { persistenceActivity } from '../activityOptions';
import { checked } from '../failures';
import { createMovingDeadline } from '../movingDeadline';
import { startCommitmentRecovery } from '../recovery/startRecovery';
import { createTimeline, SYSTEM_ACTOR, type CaseActor } from '../timeline';
import { createCaseSearchAttributes } from '../searchAttributes';
import {
  FILING_MESSAGES_PER_RUN,
  type FilingDocument,
  type FilingWorkflowInput,
  filingQuery,
  filingOpenedUpdate,
  supplyMaterialsUpdate,
  changeFilingUpdate,
  cancelFilingUpdate,
  supersedeSignal,
  reReferredSignal,
  personIdChangedSignal,
  commitmentFundPaidSignal,
  insuranceStatusChangedSignal,
} from './definitions';
import { signalSuperseded } from './supersedeOther';
import { toFilingDocument, toFilingView } from './view';

const acts = wf.proxyActivities<Activities>(persistenceActivity);
/**
 * an imported case opens with local activities (its place among the person's filings, its
 * first view): an import starts thousands of cases at once, and this spares each the server's
 * activity task round trips. New cases only (imported ones), so no running history changes.
 */
const openingActs = wf.proxyLocalActivities<Activities>(persistenceActivity);

/**
 * a run started before continue-as-new existed may already hold more messages than that;
 * it must replay without continuing and continue only once it runs live. Planned removal:
 * deprecatePatch once every filing started before it has continued as new or closed, then delete.
 */
export const CONTINUE_AS_NEW_PATCH = 'filing-continue-as-new';

/**
 * F-7 reads what the fund paid under a pending commitment from the stored settlements at the
 * lapse (an activity), and a pending commitment cancelled without proof lapses. Cases that lapsed
 * or were cancelled before keep their recorded commands. Planned removal: deprecatePatch once no
 * filing begun before it can still be pending (six months), then delete.
 */
export const F7_FROM_RECORDS_PATCH = 'f7-from-records';

/**
 * F-11 by the person's order of filings (activity claimFilingSlot) instead of a read-model
 * lookup, so two filings opened at once leave one live, and a filing moved to another region
 * supersedes the one live there. Planned removal: deprecatePatch once every filing opened before
 * it has ended or continued as new, then delete.
 */
export const CLAIM_ORDER_PATCH = 'filing-claim-order';

/**
 * X-2, issue 13: a clerk's filing opens with local activities too (its place in the order of
 * filings, its first view), so the update-with-start is answered after one workflow task when
 * nothing is to be superseded, instead of three tasks and two activity tasks on the server. Cases
 * opened before keep their recorded activity commands. Planned removal: deprecatePatch once every
 * filing opened before it has ended or continued as new, then delete (keep the local opening).
 */
export const OPENING_LOCAL_PATCH = 'filing-opening-local';

export async function filingWorkflow(input: FilingWorkflowInput): Promise<FilingDocument> {
  const today = () => isoDateInShanghai(Date.now());
  const { policy, continued } = input;
  // A continued run carries its case over and never opens it again.
  const opening = continued
    ? null
    : checked(() =>
        input.imported
          ? openImportedFilingCase(policy, { id: input.filingId, application: input.application, origin: input.imported })
          : openFilingCase(policy, {
              id: input.filingId,
              application: input.application,
              applicationDate: input.applicationDate,
              commitmentBarred: input.commitmentBarred,
            }),
      );
  let c: FilingCase = continued?.case ?? opening!.state;
  const timeline = createTimeline('FILING', input.filingId, continued?.timeline);
  const deadline = createMovingDeadline();
  let revision = continued?.revision ?? 0;
  let publishedThrough = continued?.timeline.persisted ?? 0;
  let opened = continued !== undefined;
  let messages = 0;

  const document = (): FilingDocument => toFilingDocument(c, timeline.copy(), revision);
  const unpublished = () => (timeline.last()?.seq ?? 0) > publishedThrough;
  const searchable = createCaseSearchAttributes();
  /** Stores the read model and the events not yet audited, each with its own actor (E-2). */
  const publish = async (via: Pick<Activities, 'persistFiling'> = acts) => {
    revision += 1;
    const doc = document();
    publishedThrough = timeline.last()?.seq ?? 0;
    const { insuredRegion, treatmentRegion, status } = c;
    searchable.keep({ kind: 'FILING', insuredRegion, treatmentRegion, status, nextDeadlineMs: nextDeadline(c)?.firesAtMs ?? null });
    await via.persistFiling({ view: toFilingView(doc), audit: timeline.takeFresh() });
    return doc;
  };
  const apply = (t: FilingCaseTransition | null, actor: CaseActor) => {
    if (!t) return;
    c = t.state;
    timeline.record(t.event.type, actor, t.event.data, t.event.note);
    deadline.moved();
  };
  const continueAsNewDue = () =>
    (messages >= FILING_MESSAGES_PER_RUN || wf.workflowInfo().continueAsNewSuggested) && wf.patched(CONTINUE_AS_NEW_PATCH);
  /** Every message grows the history, even one that changes nothing; past the bound the loop wakes to continue as new. */
  const received = () => {
    messages += 1;
    if (continueAsNewDue()) deadline.moved();
  };

  /** F-7 consequences of a lapse, in order: the bar, then the recovery of what was paid. */
  const runEffects = async (effects: FilingEffect[]) => {
    for (const effect of effects) {
      if (effect.type === 'RECORD_COMMITMENT_BAR') {
        await acts.recordCommitmentBar({ insuredRegion: c.insuredRegion, personId: c.personId, filingId: c.id, barredOn: today() });
        continue;
      }
      apply(recoveryRequired(c), SYSTEM_ACTOR);
      // Cases that lapsed before recoveries existed only recorded the obligation; replaying
      // them must not start a child they never started.
      if (wf.patched('commitment-recovery')) {
        const recoveryId = await startCommitmentRecovery({
          filingId: c.id,
          personId: c.personId,
          insuredRegion: c.insuredRegion,
          treatmentRegion: c.treatmentRegion,
          scheme: c.scheme,
          amountFen: effect.amountFen,
        });
        apply(recoveryStarted(c, recoveryId), SYSTEM_ACTOR);
      }
    }
  };

  wf.setHandler(filingQuery, document);
  wf.setHandler(filingOpenedUpdate, async () => {
    received();
    await wf.condition(() => opened);
    return document();
  });
  /** A clerk's request: the rule its validator ran, applied, then stored so the caller gets the new view. */
  const request = async (actor: CaseActor, transition: () => FilingCaseTransition) => {
    received();
    apply(checked(transition), actor);
    return publish();
  };
  wf.setHandler(
    supplyMaterialsUpdate,
    ({ proof, referral, actor }) => request(actor, () => supplyMaterials(policy, c, { proof, referral }, today())),
    { validator: ({ proof, referral }) => void checked(() => supplyMaterials(policy, c, { proof, referral }, today())) },
  );
  wf.setHandler(
    changeFilingUpdate,
    async ({ change, actor }) => {
      const regionBefore = c.treatmentRegion;
      const doc = await request(actor, () => changeFilingCase(policy, c, change, today()));
      // F-11: moved to another region, the filing supersedes the person's live filing there.
      if (c.treatmentRegion === regionBefore || !wf.patched(CLAIM_ORDER_PATCH)) return doc;
      await supersedeCompetitors(`${c.id}:moved:${doc.revision}`);
      return publish();
    },
    { validator: ({ change }) => void checked(() => changeFilingCase(policy, c, change, today())) },
  );
  wf.setHandler(
    cancelFilingUpdate,
    async ({ cancel, actor }) => {
      if (c.status !== 'COMMITMENT_PENDING' || !wf.patched(F7_FROM_RECORDS_PATCH)) {
        return request(actor, () => cancelFilingCase(policy, c, cancel, today()));
      }
      // F-7: a pending commitment cancelled without proof is a lapse on this day: bar and recovery.
      received();
      const paid = await acts.fundPaidUnderCommitment({ filingId: c.id });
      const t = checked(() => cancelPendingCommitment(policy, c, cancel, today(), paid.fundFen));
      apply(t, actor);
      await runEffects(t.effects);
      return publish();
    },
    { validator: ({ cancel }) => void checked(() => cancelFilingCase(policy, c, cancel, today())) },
  );
  wf.setHandler(supersedeSignal, ({ byFilingId }) => {
    received();
    apply(supersede(c, byFilingId, today()), SYSTEM_ACTOR);
  });
  wf.setHandler(reReferredSignal, ({ newFilingId, actor }) => {
    received();
    apply(linkReReferral(c, newFilingId), actor);
  });
  wf.setHandler(personIdChangedSignal, ({ newPersonId, actor }) => {
    received();
    apply(renumberPerson(c, newPersonId), actor);
  });
  wf.setHandler(insuranceStatusChangedSignal, ({ status, effectiveDate, actor }) => {
    received();
    apply(insuranceStatusChanged(c, { status, effectiveDate }, today()), actor);
  });
  wf.setHandler(commitmentFundPaidSignal, ({ settlementId, fundFen }) => {
    received();
    apply(fundPaidUnderCommitment(c, { settlementId, fundFen }), SYSTEM_ACTOR);
  });

  /** F-11: tells each competing live filing it is superseded by this one, recording each outcome. */
  async function supersedeCompetitors(claimId: string, via: Pick<Activities, 'claimFilingSlot'> = acts) {
    const { supersede: others } = await via.claimFilingSlot({
      claimId,
      filingId: c.id,
      personId: c.personId,
      treatmentRegion: c.treatmentRegion,
    });
    await supersedeAll(others);
  }
  async function supersedeAll(others: string[]) {
    for (const other of others) {
      const skipped = await signalSuperseded(other, c.id);
      apply(skipped === null ? supersededPrevious(c, other) : supersessionSkipped(c, other, skipped), SYSTEM_ACTOR);
    }
  }

  /** X-3, F-11: by application date, a newer filing had replaced this one, or this one replaces older ones. */
  async function supersedeAsImported() {
    const { supersededBy, supersede: others } = await openingActs.claimImportedFilingSlot({ filing: c });
    if (supersededBy) apply(supersede(c, supersededBy.filingId, supersededBy.on), SYSTEM_ACTOR);
    else await supersedeAll(others);
  }

  // Opening: record, supersede the person's competing live filings (F-11, R-1), publish.
  if (opening) {
    apply(opening, input.actor);
    // Imported cases always open locally (they began with it); a clerk's case from the patch on.
    const local = input.imported !== undefined || wf.patched(OPENING_LOCAL_PATCH);
    if (input.imported) await supersedeAsImported();
    else if (wf.patched(CLAIM_ORDER_PATCH)) await supersedeCompetitors(c.id, local ? openingActs : acts);
    else
      await supersedeAll(await acts.findLiveFilings({ personId: c.personId, treatmentRegion: c.treatmentRegion, excludeFilingId: c.id }));
    await publish(local ? openingActs : acts);
    opened = true;
  }

  // Deadlines (T-4): one durable timer to the next, moved whenever a handler changes the case.
  while (isLive(c)) {
    if (continueAsNewDue()) {
      await wf.condition(wf.allHandlersFinished);
      if (unpublished()) await publish();
      if (isLive(c) && !unpublished() && wf.allHandlersFinished()) {
        await wf.continueAsNew<typeof filingWorkflow>({ ...input, continued: { case: c, timeline: timeline.snapshot(), revision } });
      }
      continue;
    }
    const next = nextDeadline(c);
    if ((await deadline.sleepUntil(next?.firesAtMs ?? null)) === 'MOVED') {
      // Updates stored their change themselves; signals leave theirs to be stored here.
      if (unpublished()) await publish();
      continue;
    }
    const fundPaidFen =
      next!.action === 'LAPSE_COMMITMENT' && wf.patched(F7_FROM_RECORDS_PATCH)
        ? (await acts.fundPaidUnderCommitment({ filingId: c.id })).fundFen
        : undefined;
    const t = onFilingDeadline(policy, c, next!, fundPaidFen);
    apply(t, SYSTEM_ACTOR);
    await runEffects(t.effects);
  }
  // Handlers may still be finishing their own publish; wait so none is cut off.
  await wf.condition(wf.allHandlersFinished);
  return publish();
}
