// a person-number change reaches every in-flight case without breaking it. One workflow per
// change: record that the new number belongs to the person (accumulators and the commitment bar
// follow from that, keyed by the person's first number), then tell every live filing and every
// open recovery owed by the person. Each step is idempotent (an alias is inserted once; a case
// ignores a number it already has), so a worker that dies halfway is simply continued.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { persistenceActivity } from '../activityOptions';
import { personIdChangedSignal } from '../filing/definitions';
import { debtorRenumberedSignal } from '../recovery/definitions';
import type { PersonRenumberInput, PersonRenumberResult } from './definitions';
import { tellCases } from './tellCases';

const acts = wf.proxyActivities<Activities>(persistenceActivity);

export async function personRenumberWorkflow(input: PersonRenumberInput): Promise<PersonRenumberResult> {
  const { canonicalPersonId } = await acts.recordPersonAlias({
    personId: input.personId,
    newPersonId: input.newPersonId,
    changeId: input.changeId,
  });
  const cases = await acts.findPersonCases({ personId: canonicalPersonId });
  const filings = await tellCases(cases.filings, personIdChangedSignal, { newPersonId: input.newPersonId, actor: input.actor });
  const recoveries = await tellCases(cases.recoveries, debtorRenumberedSignal, { newDebtor: input.newPersonId, actor: input.actor });
  return {
    changeId: input.changeId,
    personId: input.personId,
    newPersonId: input.newPersonId,
    canonicalPersonId,
    filingsUpdated: filings.told,
    recoveriesUpdated: recoveries.told,
    skipped: [...filings.skipped, ...recoveries.skipped],
  };
}
