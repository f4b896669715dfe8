// T-3 on the time-skipping server with fake activities: working-day deadlines count on the
// calendars as published when each deadline is planned, each side on its own region's; a
// deadline crossing a year without a calendar is flagged on the case (never silently counted on
// weekends alone), and a calendar published later is used by the deadlines planned after it.
import type { WorkflowHandle } from '@temporalio/client';
import { startFakeWorkflowHarness, type FakeWorkflowHarness } from '../../support/fakeWorkflowHarness';
import { loadTestPolicies } from '../../support/policies';
import { inquiryOpenedUpdate, inquiryQuery, respondInquiryUpdate, type InquiryWorkflowInput } from '../../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../../workflows/inquiry/workflow';
import { addWorkingDays } from '../../../domain/workingDays';
import { isoDateInShanghai } from '../../../domain/time';

const clerk = { agencyId: 'INSURED_CLERK:220000', role: 'INSURED_CLERK', region: '220000' };
const agency = { agencyId: 'TREATMENT_AGENCY:110000', role: 'TREATMENT_AGENCY', region: '110000' };
const national = loadTestPolicies().calendarsOf('110000');

let h: FakeWorkflowHarness;
let seq = 0;
beforeAll(async () => {
  h = await startFakeWorkflowHarness();
});
afterAll(async () => h?.teardown());
beforeEach(() => h.fakes.reset());

async function openCollaboration(): Promise<WorkflowHandle<typeof inquiryWorkflow>> {
  const inquiryId = `INQ-CAL-${process.pid}-${++seq}`;
  const input: InquiryWorkflowInput = {
    inquiryId,
    kind: 'ISSUE_COLLABORATION',
    classification: {
      suspectedViolation: false,
      visitTypeListed: true,
      overThreshold: false,
      thresholdFen: 3_000_000,
      comparison: 'GREATER_THAN',
    },
    reason: '请核实转诊手续',
    suspectedViolation: false,
    settlement: {
      settlementId: `SET-${inquiryId}`,
      insuredRegion: '220000',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      scheme: 'EMPLOYEE',
      visitType: 'OUTPATIENT',
      admissionDate: '2026-06-01',
      totalFen: 50_000,
      fundFen: 20_000,
    },
    terms: {
      answerWorkingDays: 10,
      reminderWorkingDaysBefore: 2,
      confirmationWorkingDays: 5,
      negotiationWorkingDays: 10,
      debtorDeadlineDays: 30,
    },
    // What the API froze into the input: not used once the calendars are looked up at planning.
    calendars: [],
    actor: clerk,
  };
  const handle = await h.env.client.workflow.start<typeof inquiryWorkflow>('inquiryWorkflow', {
    workflowId: inquiryId,
    taskQueue: h.taskQueue,
    args: [input],
  });
  await handle.executeUpdate(inquiryOpenedUpdate);
  return handle;
}

it('T-3: each side counts on its own region’s calendar: the answer deadline on the treatment region’s', async () => {
  // The treatment region knows this year's holidays; the insured region (say) has no calendar at all.
  h.fakes.set('workingCalendars', async () => ({ calendars: [], treatmentCalendars: national }));
  const handle = await openCollaboration();
  const doc = await handle.query(inquiryQuery);
  expect(doc.dueDate).toBe(addWorkingDays(doc.openedOn, 10, national));
  expect(h.fakes.calls('workingCalendars')).toEqual([{ insuredRegion: '220000', treatmentRegion: '110000' }]);
});

it('T-3: a deadline counted across a year without a calendar is flagged on the case', async () => {
  const year = Number(isoDateInShanghai(await h.env.currentTimeMs()).slice(0, 4));
  // The insured region has no calendar for this year: its confirmation window cannot be counted properly.
  h.fakes.set('workingCalendars', async () => ({ calendars: national.filter((c) => c.year !== year), treatmentCalendars: national }));
  const handle = await openCollaboration();
  const doc = await handle.executeUpdate(respondInquiryUpdate, {
    args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: agency }],
  });
  const flags = doc.events.filter((e) => e.type === 'CALENDAR_MISSING');
  expect(flags).toHaveLength(1);
  expect(flags[0]).toMatchObject({ actor: 'system', note: 'T-3', data: { deadline: doc.confirmationDueDate, missingYears: [year] } });
});

it('T-3: a running case uses a calendar published after it began', async () => {
  const year = Number(isoDateInShanghai(await h.env.currentTimeMs()).slice(0, 4));
  h.fakes.set('workingCalendars', async () => ({ calendars: national.filter((c) => c.year !== year), treatmentCalendars: national }));
  const handle = await openCollaboration();
  // Published now, before the answer comes: the confirmation window counts on it.
  h.fakes.set('workingCalendars', async () => ({ calendars: national, treatmentCalendars: national }));
  const answered = await handle.executeUpdate(respondInquiryUpdate, {
    args: [{ response: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 }, actor: agency }],
  });
  const today = isoDateInShanghai(await h.env.currentTimeMs());
  expect(answered.confirmationDueDate).toBe(addWorkingDays(today, 5, national));
  expect(answered.events.filter((e) => e.type === 'CALENDAR_MISSING')).toEqual([]);
});
