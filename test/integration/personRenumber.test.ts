// X-1 as one durable process, on the Temporal dev server with fake activities: the alias is
// recorded, every live filing of the person continues under the new number (the former one is
// kept), and a worker that dies halfway leaves nothing done twice: the next worker carries on
// from the recorded history.
import { Context } from '@temporalio/activity';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../support/fakeWorkflowHarness';
import { temporaryFiling } from '../support/filingRequests';
import { loadTestPolicies } from '../support/policies';
import { newPersonId } from '../support/people';
import { filingOpenedUpdate, filingQuery } from '../../workflows/filing/definitions';
import type { filingWorkflow } from '../../workflows/filing/workflow';
import type { personRenumberWorkflow } from '../../workflows/person/renumber';
import { isoDateInShanghai } from '../../domain/time';

const clerk = { agencyId: 'INSURED_CLERK:440800', role: 'INSURED_CLERK', region: '440800' };

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness({ devServer: true });
});
afterAll(async () => h?.teardown());
beforeEach(() => h.fakes.reset());

async function openFiling(personId: string, filingId: string): Promise<void> {
  const application = { ...temporaryFiling({ personId, insuredRegion: '440800' }) };
  const handle = await h.env.client.workflow.start<typeof filingWorkflow>('filingWorkflow', {
    workflowId: filingId,
    taskQueue: h.taskQueue,
    args: [
      {
        filingId,
        application,
        applicationDate: isoDateInShanghai(await h.env.currentTimeMs()),
        policy: loadTestPolicies().forRegion('440800').filing,
        commitmentBarred: false,
        actor: clerk,
      },
    ],
  });
  await handle.executeUpdate(filingOpenedUpdate);
}

function renumber(changeId: string, personId: string, newPersonId: string) {
  return h.env.client.workflow.start<typeof personRenumberWorkflow>('personRenumberWorkflow', {
    workflowId: changeId,
    taskQueue: h.taskQueue,
    args: [{ changeId, personId, newPersonId, actor: clerk }],
  });
}

it('X-1: the alias is recorded and every live filing continues under the new number, the former one kept', async () => {
  const [oldId, newId] = [newPersonId(), newPersonId()];
  await openFiling(oldId, 'FIL-RENUM-1');
  h.fakes.set('findPersonCases', async () => ({ filings: ['FIL-RENUM-1', 'FIL-ENDED-LONG-AGO'], recoveries: [] }));
  const result = await (await renumber('RENUM-1', oldId, newId)).result();
  expect(result).toMatchObject({ filingsUpdated: ['FIL-RENUM-1'], skipped: ['FIL-ENDED-LONG-AGO'], canonicalPersonId: oldId });
  expect(h.fakes.calls('recordPersonAlias')).toEqual([{ personId: oldId, newPersonId: newId, changeId: 'RENUM-1' }]);
  const doc = await h.env.client.workflow.getHandle('FIL-RENUM-1').query(filingQuery);
  expect(doc).toMatchObject({ personId: newId, formerPersonIds: [oldId] });
  expect(doc.events.map((e) => e.type)).toContain('PERSON_ID_CHANGED');
});

it('X-1: a worker killed halfway (after the alias, while looking up cases) is carried on by the next; nothing done twice', async () => {
  const [oldId, newId] = [newPersonId(), newPersonId()];
  await openFiling(oldId, 'FIL-RENUM-2');
  let lookups = 0;
  let lookupStarted!: () => void;
  const started = new Promise<void>((resolve) => (lookupStarted = resolve));
  h.fakes.set('findPersonCases', async () => {
    lookups += 1;
    if (lookups === 1) {
      lookupStarted();
      // The first worker dies here: its attempt never answers (cancelled by the shutdown).
      await Context.current().cancelled;
    }
    return { filings: ['FIL-RENUM-2'], recoveries: [] };
  });
  const handle = await renumber('RENUM-2', oldId, newId);
  await started;
  await h.restartWorker();
  const result = await handle.result();
  expect(result.filingsUpdated).toEqual(['FIL-RENUM-2']);
  expect(h.fakes.calls('recordPersonAlias')).toHaveLength(1);
  expect(lookups).toBe(2);
  const doc = await h.env.client.workflow.getHandle('FIL-RENUM-2').query(filingQuery);
  expect(doc).toMatchObject({ personId: newId, formerPersonIds: [oldId] });
  expect(doc.events.filter((e) => e.type === 'PERSON_ID_CHANGED')).toHaveLength(1);
});
