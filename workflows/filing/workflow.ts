// One workflow per filing owns its whole life (F-1..F-11): it opens the case, supersedes the
// person's other live filing in that region, waits on durable timers for the commitment
// deadline and expiry (T-4), and answers clerks through updates. Rules come from domain/.
import * as wf from '@temporalio/workflow';
import {
  planFiling,
  createFilingState,
  supplyProof,
  lapseCommitment,
  checkChange,
  checkCancel,
  applyChange,
  cancelFiling,
  expireFiling,
  endFiling,
  nextDeadline,
} from '../../domain/filing';
import type { FilingState } from '../../domain/filing/types';
import { isoDateInShanghai, formatShanghaiTimestamp } from '../../domain/time';
import type { Activities } from '../../activities';
import { persistenceActivity } from '../activityOptions';
import { checked } from '../failures';
import { startCommitmentRecovery } from '../recovery/startRecovery';
import {
  type Actor,
  type FilingDocument,
  type FilingEvent,
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
} from './definitions';
import { toFilingDocument, toFilingView } from './view';

const acts = wf.proxyActivities<Activities>(persistenceActivity);

const SYSTEM = 'system';

export async function filingWorkflow(input: FilingWorkflowInput): Promise<FilingDocument> {
  const today = () => isoDateInShanghai(Date.now());
  const { policy } = input;

  const plan = checked(() =>
    planFiling(policy, input.application, { applicationDate: input.applicationDate, commitmentBarred: input.commitmentBarred }),
  );
  let state: FilingState = createFilingState({
    id: input.filingId,
    application: input.application,
    plan,
    applicationDate: input.applicationDate,
  });

  const extra = {
    formerPersonIds: [] as string[],
    reReferrals: [] as string[],
    supersededBy: null as string | null,
    fundPaidUnderCommitmentFen: 0,
    paidSettlements: [] as string[],
    recoveryObligationFen: 0,
    recoveryId: null as string | null,
  };
  const events: FilingEvent[] = [];
  let revision = 0;
  let persistedEvents = 0;
  let opened = false;
  /** Bumped by every handler that changes state, so the deadline loop re-plans its timer. */
  let changes = 0;

  const record = (type: string, actor: Actor | string, data?: Record<string, unknown>, note?: string) => {
    events.push({
      seq: events.length + 1,
      at: formatShanghaiTimestamp(Date.now()),
      type,
      actor: typeof actor === 'string' ? actor : actor.agencyId,
      ...(note ? { note } : {}),
      ...(data ? { data } : {}),
    });
  };
  const document = (): FilingDocument => toFilingDocument(state, extra, events, revision);

  /** Stores the read model and the new audit events; revisions keep late writes harmless. */
  const publish = async (actor: Actor | string) => {
    revision += 1;
    const doc = document();
    const fresh = events.slice(persistedEvents);
    persistedEvents = events.length;
    await acts.persistFiling({
      view: toFilingView(doc),
      audit: fresh.map((event) => ({
        eventId: `${state.id}:${event.seq}`,
        caseType: 'FILING' as const,
        caseId: state.id,
        action: event.type,
        actor: typeof actor === 'string' ? { agencyId: actor, role: 'SYSTEM' } : actor,
        at: event.at,
        details: event.data,
      })),
    });
    return doc;
  };

  const live = () => state.status === 'ACTIVE' || state.status === 'COMMITMENT_PENDING';

  wf.setHandler(filingQuery, document);

  wf.setHandler(filingOpenedUpdate, async () => {
    await wf.condition(() => opened);
    return document();
  });

  wf.setHandler(
    supplyMaterialsUpdate,
    async ({ proof, referral, actor }) => {
      const before = state.status;
      state = supplyProof(policy, state, proof, today(), referral);
      record(
        'MATERIALS_SUPPLIED',
        actor,
        { proof, referral, statusBefore: before, statusAfter: state.status, validUntil: state.validUntil },
        'F-6',
      );
      changes += 1;
      return publish(actor);
    },
    { validator: ({ proof, referral }) => void checked(() => supplyProof(policy, state, proof, today(), referral)) },
  );

  wf.setHandler(
    changeFilingUpdate,
    async ({ change, actor }) => {
      const before = { treatmentRegion: state.treatmentRegion, subtype: state.subtype, proof: state.proof, validUntil: state.validUntil };
      state = applyChange(policy, state, change, today());
      const after = { treatmentRegion: state.treatmentRegion, subtype: state.subtype, proof: state.proof, validUntil: state.validUntil };
      record('CHANGED', actor, { before, after }, change.note ?? 'F-8');
      changes += 1;
      return publish(actor);
    },
    {
      validator: ({ change }) => {
        checked(() => checkChange(policy, state, today()));
        checked(() => applyChange(policy, state, change, today()));
      },
    },
  );

  wf.setHandler(
    cancelFilingUpdate,
    async ({ cancel, actor }) => {
      state = cancelFiling(state, today());
      record('CANCELLED', actor, { requestedOnlineByPerson: cancel.requestedOnlineByPerson }, cancel.reason ?? 'F-8');
      changes += 1;
      return publish(actor);
    },
    { validator: ({ cancel }) => void checked(() => checkCancel(policy, state, cancel, today())) },
  );

  wf.setHandler(supersedeSignal, ({ byFilingId }) => {
    if (!live()) return;
    state = endFiling(state, 'SUPERSEDED', today());
    extra.supersededBy = byFilingId;
    record('SUPERSEDED', SYSTEM, { byFilingId }, 'F-11');
    changes += 1;
  });

  wf.setHandler(reReferredSignal, ({ newFilingId, actor }) => {
    if (extra.reReferrals.includes(newFilingId)) return;
    extra.reReferrals.push(newFilingId);
    record('RE_REFERRED', actor, { newFilingId }, 'F-10');
    changes += 1;
  });

  wf.setHandler(personIdChangedSignal, ({ newPersonId, actor }) => {
    if (newPersonId === state.personId) return;
    extra.formerPersonIds.push(state.personId);
    record('PERSON_ID_CHANGED', actor, { from: state.personId, to: newPersonId }, 'X-1');
    state = { ...state, personId: newPersonId };
    changes += 1;
  });

  wf.setHandler(commitmentFundPaidSignal, ({ settlementId, fundFen }) => {
    if (extra.paidSettlements.includes(settlementId) || state.status !== 'COMMITMENT_PENDING') return;
    extra.paidSettlements.push(settlementId);
    extra.fundPaidUnderCommitmentFen += fundFen;
    record('FUND_PAID_UNDER_COMMITMENT', SYSTEM, { settlementId, fundFen }, 'F-7');
    changes += 1;
  });

  // Opening: record, supersede the person's other live filing here (F-11), publish.
  record('CREATED', input.actor, {
    status: plan.status,
    validFrom: plan.validFrom,
    validUntil: plan.validUntil,
    commitmentDeadline: plan.commitmentDeadline,
    retroactive: plan.retroactive,
    ruleRefs: plan.ruleRefs,
  });
  const others = await acts.findLiveFilings({
    personId: state.personId,
    treatmentRegion: state.treatmentRegion,
    excludeFilingId: state.id,
  });
  for (const other of others) {
    await wf.getExternalWorkflowHandle(other).signal(supersedeSignal, { byFilingId: state.id });
    record('SUPERSEDED_PREVIOUS', SYSTEM, { filingId: other }, 'F-11');
  }
  await publish(input.actor);
  opened = true;

  // Deadlines (T-4): a durable timer to the next one, re-planned whenever a handler changes state.
  while (live()) {
    const seen = changes;
    const deadline = nextDeadline(state);
    let fired = false;
    if (deadline) {
      fired = !(await wf.condition(() => changes !== seen, Math.max(1, deadline.firesAtMs - Date.now())));
    } else {
      await wf.condition(() => changes !== seen);
    }
    if (!fired) {
      if (persistedEvents < events.length) await publish(SYSTEM);
      continue;
    }
    if (deadline!.action === 'LAPSE_COMMITMENT') {
      const outcome = lapseCommitment(policy, state);
      state = outcome.state;
      extra.recoveryObligationFen = extra.fundPaidUnderCommitmentFen;
      record(
        'COMMITMENT_LAPSED',
        SYSTEM,
        { deadline: deadline!.lastValidDate, barPerson: outcome.barPerson, fundPaidFen: extra.fundPaidUnderCommitmentFen },
        'F-7',
      );
      if (outcome.barPerson) {
        await acts.recordCommitmentBar({
          insuredRegion: state.insuredRegion,
          personId: state.personId,
          filingId: state.id,
          barredOn: today(),
        });
      }
      if (extra.recoveryObligationFen > 0) {
        record('RECOVERY_REQUIRED', SYSTEM, { amountFen: extra.recoveryObligationFen, source: 'COMMITMENT' }, 'F-7, RC-2');
        // Cases that lapsed before recoveries existed only recorded the obligation; replaying
        // them must not start a child they never started.
        if (wf.patched('commitment-recovery')) {
          extra.recoveryId = await startCommitmentRecovery({
            filingId: state.id,
            personId: state.personId,
            insuredRegion: state.insuredRegion,
            treatmentRegion: state.treatmentRegion,
            scheme: state.scheme,
            amountFen: extra.recoveryObligationFen,
          });
          record('RECOVERY_STARTED', SYSTEM, { recoveryId: extra.recoveryId, amountFen: extra.recoveryObligationFen }, 'F-7, RC-2');
        }
      }
    } else {
      state = expireFiling(state);
      record('EXPIRED', SYSTEM, { validUntil: state.validUntil }, 'F-2');
    }
  }
  // Handlers may still be finishing their own publish; wait so none is cut off.
  await wf.condition(wf.allHandlersFinished);
  return publish(SYSTEM);
}
