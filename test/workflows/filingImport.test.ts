// X-3 on the time-skipping server: a filing imported from the old system keeps its original dates,
// so its deadlines fire when the old system's would have (T-4), not six months after the import.
import type { WorkflowHandle } from '@temporalio/client';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import { newPersonId } from '../support/people';
import { commitmentFiling, temporaryFiling } from '../support/filingRequests';
import { loadTestPolicies } from '../support/policies';
import { filingQuery, filingOpenedUpdate, type FilingDocument, type FilingWorkflowInput } from '../../workflows/filing/definitions';
import type { filingWorkflow } from '../../workflows/filing/workflow';
import { recoveryQuery } from '../../workflows/recovery/definitions';
import { originalApplicationDate, type ImportedOrigin } from '../../domain/filing/import';
import type { FilingApplication } from '../../domain/filing/types';
import { addDays, addMonthsClamped, daysBetween, isoDateInShanghai, shanghaiMidnightEpochMs, validThrough } from '../../domain/time';
import { isCommitmentBarred } from '../../models/personBar';
import { filingViewModel } from '../../models/filingView';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK' };

describe('imported filings keep their original deadlines (X-3, time-skipping)', () => {
  let h: WorkflowHarness;
  const policies = loadTestPolicies();
  let seq = 0;

  beforeAll(async () => {
    h = await startWorkflowHarness();
  });
  afterAll(async () => {
    await h?.teardown();
  });

  async function today(): Promise<string> {
    return isoDateInShanghai(await h.env.currentTimeMs());
  }

  async function sleepUntil(date: string, offsetMs = 0): Promise<void> {
    const target = shanghaiMidnightEpochMs(date) + offsetMs;
    const now = await h.env.currentTimeMs();
    if (target > now) await h.env.sleep(target - now);
  }

  /** Starts the case as POST /imports/filings does (api/services/imports.ts): a plain start with the origin. */
  async function importFiling(
    application: FilingApplication,
    origin: Omit<ImportedOrigin, 'sourceId' | 'importId' | 'line' | 'importedOn'>,
  ): Promise<WorkflowHandle<typeof filingWorkflow>> {
    seq += 1;
    const filingId = `FIL-IMP-T${process.pid}-${seq}-${Date.now()}`;
    const imported: ImportedOrigin = { sourceId: `OLD-${seq}`, importId: 'IMP-T', line: seq, importedOn: await today(), ...origin };
    const input: FilingWorkflowInput = {
      filingId,
      application,
      applicationDate: originalApplicationDate(imported),
      policy: policies.forRegion(application.insuredRegion).filing,
      commitmentBarred: false,
      actor: clerk,
      imported,
    };
    const handle = await h.env.client.workflow.start<typeof filingWorkflow>('filingWorkflow', {
      workflowId: filingId,
      taskQueue: h.taskQueue,
      args: [input],
    });
    await handle.executeUpdate(filingOpenedUpdate);
    return handle;
  }

  it('F-7, X-3: a commitment imported five months into its six lapses one month later, on its original date', async () => {
    const importedOn = await today();
    const validFrom = addMonthsClamped(importedOn, -5);
    const personId = newPersonId();
    const handle = await importFiling(commitmentFiling({ personId }), { validFrom, fundPaidUnderCommitmentFen: 80_000 });

    const opened = await handle.query(filingQuery);
    expect(opened).toMatchObject({ status: 'COMMITMENT_PENDING', validFrom, commitmentDeadline: validThrough(validFrom, 6) });
    const monthAway = daysBetween(importedOn, opened.commitmentDeadline!);
    expect(monthAway).toBeGreaterThanOrEqual(27);
    expect(monthAway).toBeLessThanOrEqual(31);
    // The read model the API serves says the same, with the original start.
    const view = await filingViewModel(h.db).findById(handle.workflowId).lean();
    expect(view).toMatchObject({ status: 'COMMITMENT_PENDING', validFrom, commitmentDeadline: opened.commitmentDeadline });

    // The whole last day still counts.
    await sleepUntil(opened.commitmentDeadline!, DAY - HOUR);
    expect((await handle.query(filingQuery)).status).toBe('COMMITMENT_PENDING');

    await h.env.sleep(2 * HOUR);
    const lapsed: FilingDocument = await handle.result();
    expect(lapsed.status).toBe('LAPSED');
    expect(lapsed.endedOn).toBe(addDays(opened.commitmentDeadline!, 1));
    // What the old system paid under the commitment is owed like what was paid here (nothing here).
    expect(lapsed.recoveryObligationFen).toBe(80_000);
    expect(await isCommitmentBarred(h.db, '220000', personId)).toBe(true);
    const recovery = await h.env.client.workflow.getHandle(lapsed.recoveryId!).query(recoveryQuery);
    expect(recovery).toMatchObject({ amountFen: 80_000, source: { type: 'COMMITMENT', id: handle.workflowId } });
  });

  it('F-2, X-3: a temporary filing imported five months in expires the day after its sixth month, not six months after the import', async () => {
    const validFrom = addMonthsClamped(await today(), -5);
    const handle = await importFiling(temporaryFiling(), { validFrom });
    const opened = await handle.query(filingQuery);
    expect(opened.validUntil).toBe(validThrough(validFrom, 6));

    await sleepUntil(opened.validUntil!, DAY - HOUR);
    expect((await handle.query(filingQuery)).status).toBe('ACTIVE');
    await h.env.sleep(2 * HOUR);
    const expired: FilingDocument = await handle.result();
    expect(expired.status).toBe('EXPIRED');
    expect(expired.events.map((e) => e.type)).toEqual(expect.arrayContaining(['CREATED', 'EXPIRED']));
  });

  it('F-11, X-3: of two imported filings of one person, the older one is replaced on the newer one’s application date, in whatever order they arrive', async () => {
    const personId = newPersonId();
    const now = await today();
    const newerFrom = addMonthsClamped(now, -1);
    // The newer one arrives first; the older one, imported after it, learns it was replaced.
    const newer = await importFiling(temporaryFiling({ personId }), { validFrom: newerFrom });
    const older = await importFiling(temporaryFiling({ personId }), { validFrom: addMonthsClamped(now, -3) });
    const replaced = await older.query(filingQuery);
    expect(replaced).toMatchObject({ status: 'SUPERSEDED', supersededBy: newer.workflowId });
    expect((await newer.query(filingQuery)).status).toBe('ACTIVE');
  });
});
