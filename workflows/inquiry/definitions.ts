// The inquiry workflow's outside face (I-1..I-6): API and tests import these names; renaming one
// breaks running cases.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { HolidayCalendar } from '../../domain/policy/calendar';
import type {
  ConfirmationDecision,
  InquiryForward,
  InquiryKind,
  InquirySettlement,
  InquiryState,
  InquiryTerms,
  ResponseInput,
} from '../../domain/inquiry/types';
import type { Classification } from '../../domain/inquiry/classification';
import type { IsoDate } from '../../domain/time';
import type { CaseActor, TimelineEvent, TimelineSnapshot } from '../timeline';

export interface InquiryWorkflowInput {
  inquiryId: string;
  kind: InquiryKind;
  /** I-1: why this kind (threshold, visit type, suspected violation), for the timeline. */
  classification: Classification['because'];
  reason: string;
  suspectedViolation: boolean;
  settlement: InquirySettlement;
  /** The insured region's terms as they stood when the case opened: replay-safe. */
  terms: InquiryTerms;
  /** T-3: the insured region's holiday calendars (working-day deadlines). */
  calendars: HolidayCalendar[];
  actor: CaseActor;
  /** Passed on to the recovery an I-5 outcome starts (tests shorten it). */
  recoveryCollectionPollMs?: number;
  /** Set only by the case itself when it continues as new: the opening is not run again. */
  continued?: InquiryContinuation;
}

/** What an inquiry case carries into its next run (an unanswered request may roll over for years, I-2). */
export interface InquiryContinuation {
  state: InquiryState;
  timeline: TimelineSnapshot;
  recoveryId: string | null;
  /** The read model's revision so far: the next run's writes stay newer than this run's. */
  revision: number;
  /** Counters behind the agencies' idempotency keys: a new run must not reuse a key. */
  remindersSent: number;
  escalationsSent: number;
}

/** Deadlines one run passes before it continues as new (two years of I-2 rollovers), or earlier when Temporal suggests it. */
export const INQUIRY_DEADLINES_PER_RUN = 24;

/** The case as the API answers it: the state's own facts, plus what the outside reads of it. */
export interface InquiryDocument extends Pick<
  InquiryState,
  | 'id'
  | 'kind'
  | 'status'
  | 'insuredRegion'
  | 'treatmentRegion'
  | 'settlementId'
  | 'openedOn'
  | 'period'
  | 'dueDate'
  | 'overdue'
  | 'overdueCount'
  | 'reminderDate'
  | 'response'
  | 'responses'
  | 'confirmationDueDate'
  | 'negotiationDueDate'
  | 'confirmation'
  | 'closedOn'
> {
  hospitalId: string;
  reason: string;
  suspectedViolation: boolean;
  escalated: boolean;
  /** I-4: forwards by the first receiver, oldest first. */
  forwards: InquiryForward[];
  /** I-4, I-6: the agencies it was forwarded to; each may read and answer it besides the treatment region's. */
  forwardedTo: string[];
  recoveryId: string | null;
  nextDeadline: { kind: string; date: IsoDate } | null;
  revision: number;
  events: TimelineEvent[];
}

export interface RespondRequest {
  response: ResponseInput;
  actor: CaseActor;
}

export interface ConfirmRequest {
  decision: ConfirmationDecision;
  note?: string;
  actor: CaseActor;
}

export interface ForwardRequest {
  toAgencyRegion: string;
  note: string;
  actor: CaseActor;
}

export const inquiryQuery = defineQuery<InquiryDocument>('inquiry');
/** Answers once the case's first view is stored, so a POST can return it (update-with-start). */
export const inquiryOpenedUpdate = defineUpdate<InquiryDocument>('inquiryOpened');
/** I-2, I-4, I-6: the addressed treatment-region agency answers. */
export const respondInquiryUpdate = defineUpdate<InquiryDocument, [RespondRequest]>('respondInquiry');
/** I-3: the insured region confirms or disputes the answer. */
export const confirmInquiryUpdate = defineUpdate<InquiryDocument, [ConfirmRequest]>('confirmInquiry');
/** I-4: the agency an issue collaboration is addressed to forwards it to one that can answer. */
export const forwardInquiryUpdate = defineUpdate<InquiryDocument, [ForwardRequest]>('forwardInquiry');
