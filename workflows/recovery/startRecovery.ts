// F-7 -> RC-2: when a commitment period ends without proof and fund money was paid under the
// untrue commitment, the filing workflow starts a recovery for exactly that money. The person
// who made the promise owes it; the insured-region agency (their own) notifies and collects,
// and the money returns to the insured region's fund account of the person's scheme (RC-1).
//
// Use from workflows/filing/workflow.ts (behind wf.patched('commitment-recovery')):
//   extra.recoveryId = await startCommitmentRecovery({ filingId: state.id, personId: state.personId,
//     insuredRegion: state.insuredRegion, treatmentRegion: state.treatmentRegion, scheme: state.scheme,
//     amountFen: extra.recoveryObligationFen });
import * as wf from '@temporalio/workflow';
import { recoveryIdFor } from '../../domain/recovery/accounts';
import type { RecoveryWorkflowInput } from './definitions';
import { SYSTEM_ACTOR } from '../timeline';
import { recoveryWorkflow } from './workflow';
import { caseStartOptions } from '../searchAttributes';

export interface CommitmentRecoveryRequest {
  filingId: string;
  personId: string;
  insuredRegion: string;
  treatmentRegion: string;
  scheme: string;
  /** Fund money paid while the commitment was pending (> 0). */
  amountFen: number;
  /** RC-3 deadline override; by default the recovery reads the insured region's policy. */
  debtorDeadlineDays?: number;
}

export function commitmentRecoveryInput(req: CommitmentRecoveryRequest): RecoveryWorkflowInput {
  return {
    recoveryId: recoveryIdFor('COMMITMENT', req.filingId),
    source: { type: 'COMMITMENT', id: req.filingId },
    amountFen: req.amountFen,
    debtor: req.personId,
    debtorRegion: req.insuredRegion,
    insuredRegion: req.insuredRegion,
    treatmentRegion: req.treatmentRegion,
    scheme: req.scheme,
    reason: `F-7: commitment filing ${req.filingId} lapsed without proof; fund money paid under the commitment is recovered`,
    fines: [],
    ...(req.debtorDeadlineDays !== undefined ? { debtorDeadlineDays: req.debtorDeadlineDays } : {}),
    actor: SYSTEM_ACTOR,
  };
}

/**
 * Starts the recovery as an abandoned child (it outlives the filing case) with the deterministic
 * id REC-COM-<filingId>, and returns that id. Already started (e.g. by a clerk): same id, no twin.
 */
export async function startRecoveryChild(input: RecoveryWorkflowInput): Promise<string> {
  try {
    await wf.startChild(recoveryWorkflow, {
      workflowId: input.recoveryId,
      parentClosePolicy: 'ABANDON',
      // A recovery that already ran to its end for this source must not run again (RC-4).
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [input],
      ...caseStartOptions('RECOVERY', input.insuredRegion, input.treatmentRegion, input.source.type),
    });
  } catch (err) {
    if ((err as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
  }
  return input.recoveryId;
}

export function startCommitmentRecovery(req: CommitmentRecoveryRequest): Promise<string> {
  return startRecoveryChild(commitmentRecoveryInput(req));
}
