// F-12: the insured region reports that a person's insurance stopped, was transferred out or
// ended by death. One durable process per report tells every live filing of the person (under
// any of its numbers, X-1); each ends on the effective date, timers included, or keeps the date
// and ends when it comes. Idempotent: a filing that already ended ignores the message.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { persistenceActivity } from '../activityOptions';
import { insuranceStatusChangedSignal } from '../filing/definitions';
import type { InsuranceStatusInput, InsuranceStatusResult } from './definitions';
import { tellCases } from './tellCases';

const acts = wf.proxyActivities<Activities>(persistenceActivity);

export async function insuranceStatusWorkflow(input: InsuranceStatusInput): Promise<InsuranceStatusResult> {
  const cases = await acts.findPersonCases({ personId: input.personId });
  const { told, skipped } = await tellCases(cases.filings, insuranceStatusChangedSignal, {
    status: input.status,
    effectiveDate: input.effectiveDate,
    actor: input.actor,
  });
  return {
    changeId: input.changeId,
    personId: input.personId,
    status: input.status,
    effectiveDate: input.effectiveDate,
    filingsTold: told,
    skipped,
  };
}
