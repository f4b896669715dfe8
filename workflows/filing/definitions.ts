// The filing workflow's outside face: API and tests import these names, so they are the
// contract between HTTP and the running cases (changing one breaks running cases: X-2).
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  FilingApplication,
  FilingSummary,
  InsuranceStatusChange,
  ProofInput,
  LongTermSubtype,
  ReferralInput,
} from '../../domain/filing/types';
import type { FilingCase } from '../../domain/filing/case';
import type { ImportedOrigin } from '../../domain/filing/import';
import type { FilingPolicy } from '../../domain/policy/filingPolicy';
import type { IsoDate } from '../../domain/time';
import type { CaseEvent } from '../../domain/caseEvent';
import type { TimelineSnapshot } from '../timeline';

export interface Actor {
  agencyId: string;
  role: string;
  userId?: string | null;
}

export interface FilingWorkflowInput {
  filingId: string;
  application: FilingApplication;
  applicationDate: IsoDate;
  /** The insured region's filing policy as it stood when the case began: replay-safe. */
  policy: FilingPolicy;
  /** F-7 (220000): the person's bar on commitment filing, looked up by the API. */
  commitmentBarred: boolean;
  actor: Actor;
  /**
   * a filing moved from the old system (POST /imports/filings): it opens with its original
   * dates (applicationDate is the original one) and takes its place among the person's filings by them.
   */
  imported?: ImportedOrigin;
  /** Set only by the case itself when it continues as new: the opening is not run again. */
  continued?: FilingContinuation;
}

/** What a filing case carries into its next run (bounded history, open-ended filings live for years). */
export interface FilingContinuation {
  case: FilingCase;
  timeline: TimelineSnapshot;
  /** The read model's revision so far: the next run's writes stay newer than this run's. */
  revision: number;
}

/** Messages one run takes before it continues as new (earlier when Temporal suggests it). */
export const FILING_MESSAGES_PER_RUN = 1000;

export type FilingEvent = CaseEvent;

/** The filing as the API answers it. */
export interface FilingDocument extends FilingSummary {
  id: string;
  commitmentFulfilledOn: IsoDate | null;
  retroactive: boolean;
  benefitsBothRegions: boolean;
  selfService: boolean;
  proof: ProofInput | null;
  referral: { fromHospital: string; certificateNo: string } | null;
  admissionDate: IsoDate | null;
  reReferrals: string[];
  endedOn: IsoDate | null;
  recoveryObligationFen: number;
  nextDeadline: { kind: 'COMMITMENT_LAPSE' | 'EXPIRY' | 'INSURANCE_END'; date: IsoDate } | null;
  createdOn: IsoDate;
  revision: number;
  events: FilingEvent[];
}

export interface ChangeRequest {
  treatmentRegion?: string;
  subtype?: LongTermSubtype;
  proof?: ProofInput;
  note?: string;
}

export interface CancelRequest {
  requestedOnlineByPerson: boolean;
  reason?: string;
}

export const filingQuery = defineQuery<FilingDocument>('filing');
/** Answers once the new case's first view is stored, so a POST can return it (update-with-start). */
export const filingOpenedUpdate = defineUpdate<FilingDocument>('filingOpened');
export const supplyMaterialsUpdate = defineUpdate<FilingDocument, [{ proof?: ProofInput; referral?: ReferralInput; actor: Actor }]>(
  'supplyMaterials',
);
export const changeFilingUpdate = defineUpdate<FilingDocument, [{ change: ChangeRequest; actor: Actor }]>('changeFiling');
export const cancelFilingUpdate = defineUpdate<FilingDocument, [{ cancel: CancelRequest; actor: Actor }]>('cancelFiling');
export const supersedeSignal = defineSignal<[{ byFilingId: string }]>('supersede');
export const reReferredSignal = defineSignal<[{ newFilingId: string; actor: Actor }]>('reReferred');
/** the person's number changed; the case continues under the new one. */
export const personIdChangedSignal = defineSignal<[{ newPersonId: string; actor: Actor }]>('personIdChanged');
/** F-7: fund money paid for this person while the commitment was pending (settlement path). */
export const commitmentFundPaidSignal = defineSignal<[{ settlementId: string; fundFen: number }]>('commitmentFundPaid');
/** F-12: the person's insurance stopped, was transferred out or ended by death (reported by the insured region). */
export const insuranceStatusChangedSignal =
  defineSignal<[{ status: InsuranceStatusChange; effectiveDate: IsoDate; actor: Actor }]>('insuranceStatusChanged');
