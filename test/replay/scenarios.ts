// Filing cases driven through their main paths on the time-skipping server; their recorded
// histories are the fixtures the replay test runs every later version of the code against.
import type { WorkflowHandle } from '@temporalio/client';
import type { WorkflowHarness } from '../support/workflowHarness';
import { newPersonId } from '../support/people';
import { temporaryFiling, longTermFiling, commitmentFiling } from '../support/filingRequests';
import { loadTestPolicies } from '../support/policies';
import {
  filingOpenedUpdate,
  filingQuery,
  supplyMaterialsUpdate,
  changeFilingUpdate,
  cancelFilingUpdate,
  commitmentFundPaidSignal,
  personIdChangedSignal,
} from '../../workflows/filing/definitions';
import type { filingWorkflow } from '../../workflows/filing/workflow';
import type { FilingApplication } from '../../domain/filing/types';
import { isoDateInShanghai, shanghaiMidnightEpochMs, validThrough, addDays } from '../../domain/time';

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

export const scenarios: Scenario[] = [
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
      await handle.executeUpdate(supplyMaterialsUpdate, { args: [{ proof: { kind: '居住证' }, actor: clerk }] });
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
];
