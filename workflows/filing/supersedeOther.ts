// F-11: a new filing tells the person's other live filing in the region that it was replaced.
// The other case may already have ended although its read model still showed it live (its last
// view not yet stored, or the run closed some other way); a signal to it then fails. That must not
// fail the new filing: there is nothing left to supersede, and the new case records why.
import * as wf from '@temporalio/workflow';
import { failureMessage } from '../failures';
import { supersedeSignal } from './definitions';

/**
 * before this, such a failure failed the new filing. Those runs are closed; the patch only
 * keeps their histories replaying to the same end. Planned removal: deprecatePatch once the
 * retention period of filings that failed this way has passed, then delete it.
 */
export const SKIP_ENDED_SUPERSESSION_PATCH = 'supersession-skips-ended-case';

/** Signals the other case; null when it was told, else why it could not be (the signal's failure). */
export async function signalSuperseded(otherFilingId: string, byFilingId: string): Promise<string | null> {
  try {
    await wf.getExternalWorkflowHandle(otherFilingId).signal(supersedeSignal, { byFilingId });
    return null;
  } catch (err) {
    if (wf.isCancellation(err) || !wf.patched(SKIP_ENDED_SUPERSESSION_PATCH)) throw err;
    wf.log.warn('F-11: the superseded filing has no running case; skipped', { otherFilingId, error: failureMessage(err) });
    return failureMessage(err);
  }
}
