// The monthly clearing run (P-2), started by a Temporal Schedule on the policy's start day of each
// month (one schedule per region policy): one clearing workflow per pair with settlements, started
// as an abandoned child whose id is CLR-<insured>-<treatment>-<period>, so running the same period
// twice starts no second clearing.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { persistenceActivity } from '../activityOptions';
import { clearingIdOf, previousPeriod } from '../../domain/clearing/periods';
import { isoDateInShanghai } from '../../domain/time';
import { clearingWorkflow } from './workflow';
import { caseStartOptions } from '../searchAttributes';

const store = wf.proxyActivities<Activities>(persistenceActivity);

export interface ClearingRunInput {
  /** Default: the month before the one the run starts in. */
  period?: string;
  /** Only pairs whose insured region follows this region's policy (the schedule's). */
  policyRegion?: string;
}

export async function clearingRunWorkflow(
  input: ClearingRunInput = {},
): Promise<{ period: string; started: string[]; existing: string[] }> {
  const period = input.period ?? previousPeriod(isoDateInShanghai(Date.now()).slice(0, 7));
  const pairs = await store.clearingPairs({ period, ...(input.policyRegion ? { policyRegion: input.policyRegion } : {}) });
  const started: string[] = [];
  const existing: string[] = [];
  for (const pair of pairs) {
    const clearingId = clearingIdOf(pair.insuredRegion, pair.treatmentRegion, period);
    try {
      await wf.startChild(clearingWorkflow, {
        workflowId: clearingId,
        args: [{ clearingId, period, insuredRegion: pair.insuredRegion, treatmentRegion: pair.treatmentRegion, terms: pair.terms }],
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        ...caseStartOptions('CLEARING', pair.insuredRegion, pair.treatmentRegion, period),
      });
      started.push(clearingId);
    } catch (err) {
      if ((err as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
      existing.push(clearingId);
    }
  }
  return { period, started, existing };
}
