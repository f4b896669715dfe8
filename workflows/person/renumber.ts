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

const acts = wf.proxyActivities<Activities>(persistenceActivity);

export async function personRenumberWorkflow(input: PersonRenumberInput): Promise<PersonRenumberResult> {
  const { canonicalPersonId } = await acts.recordPersonAlias({
    personId: input.personId,
    newPersonId: input.newPersonId,
    changeId: input.changeId,
  });
  const cases = await acts.findPersonCases({ canonicalPersonId });
  const skipped: string[] = [];
  const tell = async (id: string, send: () => Promise<void>) => {
    try {
      await send();
      return true;
    } catch (err) {
      // A case that ended meanwhile has nothing in flight to renumber; anything else is a fault.
      if ((err as { name?: string }).name !== 'ExternalWorkflowExecutionNotFoundError' && !/not found/i.test(String(err))) throw err;
      wf.log.info('renumber: case already ended', { caseId: id });
      skipped.push(id);
      return false;
    }
  };
  const filingsUpdated: string[] = [];
  for (const filingId of cases.filings) {
    const handle = wf.getExternalWorkflowHandle(filingId);
    if (await tell(filingId, () => handle.signal(personIdChangedSignal, { newPersonId: input.newPersonId, actor: input.actor }))) {
      filingsUpdated.push(filingId);
    }
  }
  const recoveriesUpdated: string[] = [];
  for (const recoveryId of cases.recoveries) {
    const handle = wf.getExternalWorkflowHandle(recoveryId);
    if (await tell(recoveryId, () => handle.signal(debtorRenumberedSignal, { newDebtor: input.newPersonId, actor: input.actor }))) {
      recoveriesUpdated.push(recoveryId);
    }
  }
  return {
    changeId: input.changeId,
    personId: input.personId,
    newPersonId: input.newPersonId,
    canonicalPersonId,
    filingsUpdated,
    recoveriesUpdated,
    skipped,
  };
}
