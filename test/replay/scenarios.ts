// Filing cases driven through their main paths on the time-skipping server; their recorded
// histories are the fixtures the replay test runs every later version of the code against.
import type { WorkflowHandle } from '@temporalio/client';
import type { WorkflowHarness } from '../support/workflowHarness';
import { newPersonId } from '../support/people';
import { temporaryFiling, longTermFiling, commitmentFiling } from '../support/filingRequests';
import { loadTestPolicies } from '../support/policies';
import {
  FILING_MESSAGES_PER_RUN,
  filingOpenedUpdate,
  filingQuery,
  supplyMaterialsUpdate,
  changeFilingUpdate,
  cancelFilingUpdate,
  commitmentFundPaidSignal,
  personIdChangedSignal,
  reReferredSignal,
  insuranceStatusChangedSignal,
} from '../../workflows/filing/definitions';
import type { filingWorkflow } from '../../workflows/filing/workflow';
import type { FilingApplication } from '../../domain/filing/types';
import { isoDateInShanghai, shanghaiMidnightEpochMs, validThrough, addDays } from '../../domain/time';
import { filingViewModel } from '../../models/filingView';

const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK' };
type Handle = WorkflowHandle<typeof filingWorkflow>;

export interface Scenario {
  name: string;
  run(h: WorkflowHarness, filingId: string): Promise<Handle>;
}

async function open(h: WorkflowHarness, filingId: string, application: FilingApplication): Promise<Handle> {
  const handle = await h.env.client.workflow.start<typeof filingWorkflow>('filingWorkflow', {
    workflowId: filingId,
    taskQueue: h.taskQueue,
    args: [
      {
        filingId,
        application,
        applicationDate: isoDateInShanghai(await h.env.currentTimeMs()),
        policy: loadTestPolicies().forRegion(application.insuredRegion).filing,
        commitmentBarred: false,
        actor: clerk,
      },
    ],
  });
  await handle.executeUpdate(filingOpenedUpdate);
  return handle;
}

async function sleepUntil(h: WorkflowHarness, date: string, offsetMs: number): Promise<void> {
  const target = shanghaiMidnightEpochMs(date) + offsetMs;
  const now = await h.env.currentTimeMs();
  if (target > now) await h.env.sleep(target - now);
}

const commitment = (): FilingApplication => commitmentFiling();

/** Ends a live case so its recorded history runs to the end (F-8: a cancel ends the timers). */
async function cancel(handle: Handle): Promise<void> {
  await handle.executeUpdate(cancelFilingUpdate, { args: [{ cancel: { requestedOnlineByPerson: false }, actor: clerk }] });
  await handle.result();
}

/** The newest run of a case that continued as new (the recorder fetches the history of what it is given). */
async function latestRun(h: WorkflowHarness, handle: Handle, firstRunId: string): Promise<Handle> {
  for (let i = 0; i < 200; i += 1) {
    const { runId } = await handle.describe();
    if (runId !== firstRunId) return h.env.client.workflow.getHandle(handle.workflowId, runId);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${handle.workflowId} never continued as new`);
}

export const scenarios: Scenario[] = [
  {
    // F-12: an insurance status change with a later date ends an open-ended filing by its timer.
    name: 'insurance-end-scheduled-then-ended',
    async run(h, id) {
      const handle = await open(h, id, longTermFiling());
      const opened = await handle.query(filingQuery);
      await handle.signal(insuranceStatusChangedSignal, {
        status: 'TRANSFERRED_OUT',
        effectiveDate: addDays(opened.validFrom, 3),
        actor: clerk,
      });
      await handle.result();
      return handle;
    },
  },
  {
    // Patch f7-from-records: the lapse reads what was paid from the stored settlements.
    name: 'commitment-lapse-from-records',
    async run(h, id) {
      const handle = await open(h, id, commitment());
      await h.db.collection<{ _id: string } & Record<string, unknown>>('settlements').insertOne({
        _id: `STL-REPLAY-F7-${id}`,
        settlementId: `STL-REPLAY-F7-${id}`,
        kind: 'DIRECT',
        state: 'STORED',
        fundFen: 88_000,
        commitmentFilingId: id,
        reversal: null,
      });
      const opened = await handle.query(filingQuery);
      await sleepUntil(h, opened.commitmentDeadline!, 23 * 3_600_000);
      await handle.result();
      return handle;
    },
  },
  {
    // Patch f7-from-records: a pending commitment cancelled without proof lapses (bar, no money paid).
    name: 'commitment-cancelled-pending-lapses',
    async run(h, id) {
      const handle = await open(h, id, commitment());
      await handle.executeUpdate(cancelFilingUpdate, {
        args: [{ cancel: { requestedOnlineByPerson: false, reason: '本人放弃' }, actor: clerk }],
      });
      await handle.result();
      return handle;
    },
  },
  {
    name: 'commitment-lapse-with-fund-paid',
    async run(h, id) {
      const handle = await open(h, id, commitment());
      await handle.signal(commitmentFundPaidSignal, { settlementId: 'STL-REPLAY-1', fundFen: 250_000 });
      await handle.signal(personIdChangedSignal, { newPersonId: newPersonId(), actor: clerk });
      await handle.result();
      return handle;
    },
  },
  {
    name: 'commitment-proof-then-cancel',
    async run(h, id) {
      const handle = await open(h, id, commitment());
      const opened = await handle.query(filingQuery);
      await sleepUntil(h, opened.commitmentDeadline!, 3_600_000);
      await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ proof: { kind: 'RESIDENCE_PROOF' }, actor: clerk }] });
      await handle.executeUpdate(cancelFilingUpdate, {
        args: [{ cancel: { requestedOnlineByPerson: false, reason: 'moved back' }, actor: clerk }],
      });
      await handle.result();
      return handle;
    },
  },
  {
    name: 'long-term-change-after-six-months-then-expiry-free-cancel',
    async run(h, id) {
      const handle = await open(h, id, longTermFiling());
      const opened = await handle.query(filingQuery);
      await sleepUntil(h, addDays(validThrough(opened.validFrom, 6), 1), 3_600_000);
      await handle.executeUpdate(changeFilingUpdate, { args: [{ change: { treatmentRegion: '310000' }, actor: clerk }] });
      await handle.executeUpdate(cancelFilingUpdate, { args: [{ cancel: { requestedOnlineByPerson: true }, actor: clerk }] });
      await handle.result();
      return handle;
    },
  },
  {
    name: 'temporary-expiry',
    async run(h, id) {
      const handle = await open(h, id, temporaryFiling({ treatmentRegion: '310000' }));
      await handle.result();
      return handle;
    },
  },
  {
    // F-11: the new filing signals the person's live one (a SignalExternalWorkflowExecution command).
    name: 'supersedes-previous-then-cancel',
    async run(h, id) {
      const application = temporaryFiling();
      const previous = await open(h, `${id}-PREVIOUS`, application);
      const handle = await open(h, id, temporaryFiling({ personId: application.personId }));
      if ((await previous.result()).status !== 'SUPERSEDED') throw new Error(`${id}: the previous filing was not superseded`);
      await cancel(handle);
      return handle;
    },
  },
  {
    // Patch filing-claim-order: F-11 by the person's order of filings; a filing moved into a region
    // supersedes the one live there (R-1 coverage).
    name: 'claim-order-supersedes-then-moves',
    async run(h, id) {
      const application = temporaryFiling();
      const previous = await open(h, `${id}-PREVIOUS`, application);
      const inShanghai = await open(h, `${id}-SHANGHAI`, temporaryFiling({ personId: application.personId, treatmentRegion: '310000' }));
      const handle = await open(h, id, temporaryFiling({ personId: application.personId }));
      // Queries, not result(): awaiting a result lets the time-skipping server run the clock on.
      if ((await previous.query(filingQuery)).status !== 'SUPERSEDED') throw new Error(`${id}: the previous filing was not superseded`);
      await handle.executeUpdate(changeFilingUpdate, { args: [{ change: { treatmentRegion: '310000' }, actor: clerk }] });
      if ((await inShanghai.query(filingQuery)).status !== 'SUPERSEDED') throw new Error(`${id}: the Shanghai filing was not superseded`);
      await cancel(handle);
      return handle;
    },
  },
  {
    // Patch filing-opening-local (issue 13): a clerk's filing opens with local activities, its place
    // in the order and its first view stored in the first workflow task; nothing to supersede.
    name: 'opening-local-alone-then-cancel',
    async run(h, id) {
      const handle = await open(h, id, temporaryFiling());
      await cancel(handle);
      return handle;
    },
  },
  {
    // Patch filing-opening-local: the local claim finds the person's live filing, the new case
    // signals it (a workflow task of its own) and stores its first view locally after that.
    name: 'opening-local-supersedes-then-cancel',
    async run(h, id) {
      const application = temporaryFiling();
      const previous = await open(h, `${id}-PREVIOUS`, application);
      const handle = await open(h, id, temporaryFiling({ personId: application.personId }));
      if ((await previous.query(filingQuery)).status !== 'SUPERSEDED') throw new Error(`${id}: the previous filing was not superseded`);
      await cancel(handle);
      return handle;
    },
  },
  {
    // F-11: the read model still shows a filing live whose case is gone; the new one skips it (patch supersession-skips-ended-case).
    name: 'supersession-skipped-ended-case',
    async run(h, id) {
      const application = temporaryFiling();
      const ghost = `${id}-ENDED`;
      await filingViewModel(h.db).create({
        _id: ghost,
        filingId: ghost,
        revision: 1,
        personId: application.personId,
        treatmentRegion: application.treatmentRegion,
        status: 'ACTIVE',
      });
      const handle = await open(h, id, application);
      const doc = await handle.query(filingQuery);
      if (!doc.events.some((e) => e.type === 'SUPERSESSION_SKIPPED'))
        throw new Error(`${id}: no SUPERSESSION_SKIPPED on ${doc.events.map((e) => e.type)}`);
      await cancel(handle);
      return handle;
    },
  },
  {
    // the run a long-lived filing continues into (patch filing-continue-as-new): it carries the
    // case over, does not open it again, renumbers and is cancelled after 6 months (F-8).
    name: 'continued-after-message-bound',
    async run(h, id) {
      const handle = await open(h, id, longTermFiling());
      const { runId: firstRunId } = await handle.describe();
      await handle.signal(reReferredSignal, { newFilingId: `${id}-RR`, actor: clerk });
      const renumbered = newPersonId();
      for (let sent = 0; sent < FILING_MESSAGES_PER_RUN; sent += 50) {
        await Promise.all(
          Array.from({ length: 50 }, () => handle.signal(personIdChangedSignal, { newPersonId: renumbered, actor: clerk })),
        );
      }
      const continued = await latestRun(h, handle, firstRunId);
      await continued.signal(personIdChangedSignal, { newPersonId: newPersonId(), actor: clerk });
      const opened = await continued.query(filingQuery);
      await sleepUntil(h, addDays(validThrough(opened.validFrom, 6), 1), 3_600_000);
      await cancel(continued);
      return continued;
    },
  },
];
