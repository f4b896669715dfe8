// The advance workflow's outside face (P-1, P-5): the API signals it (with start) when a settlement
// is stored or reversed and when a top-up arrives; renaming one breaks running cases.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AdvanceState, AdvanceTerms } from '../../domain/advance';
import type { CaseActor, TimelineEvent, TimelineSnapshot } from '../timeline';

export interface AdvanceWorkflowInput {
  insuredRegion: string;
  treatmentRegion: string;
  /** The insured region's advance terms when the case (or its current run) started. */
  terms: AdvanceTerms;
  continued?: { state: AdvanceState; timeline: TimelineSnapshot; revision: number; nudged: boolean };
}

export interface AdvanceDocument extends AdvanceState {
  revision: number;
  events: TimelineEvent[];
}

export const advanceQuery = defineQuery<AdvanceDocument>('advance');
/** Something changed usage (a settlement stored or reversed, a period paid): measure again. */
export const advanceNudgedSignal = defineSignal<[{ reason: string }]>('advanceNudged');
/** P-5: a top-up arrived (already booked): it closes the open emergency request. */
export const advanceToppedUpSignal = defineSignal<[{ topUpId: string; amountFen: number; actor: CaseActor }]>('advanceToppedUp');
