// Bounded history: an open-ended filing (440800 LONG_TERM, validUntil null) lives for years
// taking signals. Past FILING_MESSAGES_PER_RUN messages it continues as new, carrying its case and
// timeline; the continued run does not open the case again, audits only what is new, and still
// answers queries and updates addressed by workflow id alone (as the API does).
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import { longTermFiling } from '../../support/filingRequests';
import { newPersonId } from '../../support/people';
import { loadTestPolicies } from '../../support/policies';
import {
  FILING_MESSAGES_PER_RUN,
  cancelFilingUpdate,
  commitmentFundPaidSignal,
  filingOpenedUpdate,
  filingQuery,
  personIdChangedSignal,
  reReferredSignal,
} from '../../../workflows/filing/definitions';
import type { filingWorkflow } from '../../../workflows/filing/workflow';
import { addDays, isoDateInShanghai, validThrough } from '../../../domain/time';
import { temporal } from '@temporalio/proto';

const clerk = { agencyId: 'INSURED_CLERK:440800', role: 'INSURED_CLERK' };
const { EventType } = temporal.api.enums.v1;

let h: FakeWorkflowHarness;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());

it('X-2, X-1, F-10: a filing continues as new after its message bound; its document, audit and updates carry over', async () => {
  const filingId = `FIL-CAN-${process.pid}`;
  const application = longTermFiling({ insuredRegion: '440800' });
  const first = await h.env.client.workflow.start<typeof filingWorkflow>('filingWorkflow', {
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
  const opened = await first.executeUpdate(filingOpenedUpdate);
  expect(opened.validUntil).toBeNull();

  // Messages that change the case, then a long tail that changes nothing (X-1: the same number
  // again; F-7: money paid under no commitment) but still grows the history.
  const renumbered = newPersonId();
  await first.signal(personIdChangedSignal, { newPersonId: renumbered, actor: clerk });
  await first.signal(reReferredSignal, { newFilingId: 'FIL-RR-1', actor: clerk });
  for (let sent = 0; sent < FILING_MESSAGES_PER_RUN; sent += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (sent + i) % 2
          ? first.signal(personIdChangedSignal, { newPersonId: renumbered, actor: clerk })
          : first.signal(commitmentFundPaidSignal, { settlementId: `STL-${sent + i}`, fundFen: 100 }),
      ),
    );
  }

  const handle = h.env.client.workflow.getHandle<typeof filingWorkflow>(filingId);
  let runId = first.firstExecutionRunId;
  for (let i = 0; i < 200 && runId === first.firstExecutionRunId; i += 1) {
    runId = (await handle.describe()).runId;
    if (runId === first.firstExecutionRunId) await new Promise((r) => setTimeout(r, 50));
  }
  expect(runId).not.toBe(first.firstExecutionRunId);
  const firstRun = (await h.env.client.workflow.getHandle(filingId, first.firstExecutionRunId).fetchHistory()).events ?? [];
  expect(firstRun.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  const signalsInFirstRun = firstRun.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).length;
  expect(signalsInFirstRun + 1).toBeGreaterThanOrEqual(FILING_MESSAGES_PER_RUN);

  // The continued run answers the query with the whole case, opened once.
  const carried = await handle.query(filingQuery);
  expect(carried).toMatchObject({
    id: filingId,
    status: 'ACTIVE',
    personId: renumbered,
    formerPersonIds: [application.personId],
    reReferrals: ['FIL-RR-1'],
    fundPaidUnderCommitmentFen: 0,
    validUntil: null,
  });
  expect(carried.events.map((e) => [e.seq, e.type])).toEqual([
    [1, 'CREATED'],
    [2, 'PERSON_ID_CHANGED'],
    [3, 'RE_REFERRED'],
  ]);
  expect(h.fakes.calls('claimFilingSlot')).toHaveLength(1);
  // The API's update-with-start lands on the continued run and gets its document at once.
  expect((await handle.executeUpdate(filingOpenedUpdate)).events).toHaveLength(3);

  // A signal and an update after the continuation: published once, newer than every earlier view.
  const again = newPersonId();
  await handle.signal(personIdChangedSignal, { newPersonId: again, actor: clerk });
  await h.skipTo(addDays(validThrough(opened.validFrom, 6), 1), 3_600_000);
  const cancelled = await handle.executeUpdate(cancelFilingUpdate, {
    args: [{ cancel: { requestedOnlineByPerson: false }, actor: clerk }],
  });
  expect(cancelled).toMatchObject({ status: 'CANCELLED', personId: again, formerPersonIds: [application.personId, renumbered] });
  expect((await first.result()).status).toBe('CANCELLED');

  const calls = h.fakes.calls('persistFiling');
  const audited = calls.flatMap((c) => c.audit.map((a) => a.eventId));
  expect(audited).toEqual([1, 2, 3, 4, 5].map((n) => `${filingId}:${n}`));
  expect(calls.flatMap((c) => c.audit.map((a) => a.action))).toEqual([
    'CREATED',
    'PERSON_ID_CHANGED',
    'RE_REFERRED',
    'PERSON_ID_CHANGED',
    'CANCELLED',
  ]);
  const revisions = calls.map((c) => c.view.revision);
  expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  expect(new Set(revisions).size).toBe(revisions.length);
});
