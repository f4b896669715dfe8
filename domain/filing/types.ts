// Filing (备案) vocabulary and shapes (DOMAIN.md section 2, API.md "Filing request"/"Filing").
// The workflow holds a FilingCase (case.ts: a FilingState plus what its life adds); the API turns
// a request body into a FilingApplication.
import type { IsoDate } from '../time';

/** F-1 filing types. */
export const FILING_TYPES = ['LONG_TERM', 'REFERRAL', 'EMERGENCY', 'OTHER_TEMPORARY'] as const;
export type FilingType = (typeof FILING_TYPES)[number];

/** F-1 LONG_TERM subtypes: 异地安置, 长期居住, 常驻异地工作/进修. */
export const LONG_TERM_SUBTYPES = ['RESETTLED', 'RESIDENT', 'WORKING'] as const;
export type LongTermSubtype = (typeof LONG_TERM_SUBTYPES)[number];

export const FILING_STATUSES = ['ACTIVE', 'COMMITMENT_PENDING', 'LAPSED', 'CANCELLED', 'EXPIRED', 'SUPERSEDED', 'ENDED'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

/** Statuses in which a filing still lets the person settle directly (F-4, F-6). */
export const LIVE_FILING_STATUSES: readonly FilingStatus[] = ['ACTIVE', 'COMMITMENT_PENDING'];

/** Terminal statuses: the filing's timers end (F-8) and it never changes again. */
export const ENDED_FILING_STATUSES = ['LAPSED', 'CANCELLED', 'EXPIRED', 'SUPERSEDED', 'ENDED'] as const;

/** F-12: the insured region reports the person's insurance ended (参保状态变更). */
export const INSURANCE_STATUS_CHANGES = ['STOPPED', 'TRANSFERRED_OUT', 'DECEASED'] as const;
export type InsuranceStatusChange = (typeof INSURANCE_STATUS_CHANGES)[number];
export type EndedFilingStatus = (typeof ENDED_FILING_STATUSES)[number];

/**
 * F-1 proof kinds: 户口簿 HOUSEHOLD_REGISTRATION and 身份证 ID_CARD (of the destination: 异地安置),
 * 居住证/居住证明 RESIDENCE_PROOF (长期居住), 工作证明 WORK_CERTIFICATE and 进修/学习证明
 * STUDY_CERTIFICATE (常驻异地工作/进修), 病历 MEDICAL_RECORD (supporting a temporary filing).
 * Which a LONG_TERM subtype accepts is region policy (filing.json proofKinds).
 */
export const PROOF_KINDS = [
  'HOUSEHOLD_REGISTRATION',
  'ID_CARD',
  'RESIDENCE_PROOF',
  'WORK_CERTIFICATE',
  'STUDY_CERTIFICATE',
  'MEDICAL_RECORD',
] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

/** F-1: who the person is in the employee scheme (WORKING filings are for in-service members only). */
export const PERSON_CATEGORIES = ['IN_SERVICE', 'RETIRED'] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

export const SCHEMES = ['EMPLOYEE', 'RESIDENT'] as const;
export type Scheme = (typeof SCHEMES)[number];

/** F-10: who files a re-referral. */
export const RE_REFERRAL_ROUTES = ['HOSPITAL', 'INSURED_AGENCY'] as const;
export type ReReferralRoute = (typeof RE_REFERRAL_ROUTES)[number];

export type RegionCode = string;

/**
 * Proof material (备案材料). `kind` is free text naming the document (户口簿, 居住证, 工作证明 ...).
 * `validUntil` is the end date printed on it (220000 RESIDENT/WORKING validity, F-2).
 * `residentSince` is the date from which it shows the person living/working in the treatment
 * region (220000 retroactive filing, F-5: residence must predate admission).
 */
export interface ProofInput {
  kind: string;
  validUntil?: IsoDate;
  residentSince?: IsoDate;
}

/** F-1 REFERRAL: the referring hospital and its referral certificate (转诊证明). */
export interface ReferralInput {
  fromHospital: string;
  certificateNo: string;
}

/** Marks an application produced by planReReferral (F-10). */
export interface ReReferralLink {
  originalFilingId: string;
  via: ReReferralRoute;
  /** Same disease: simplified filing reusing the original proof (F-10). */
  sameDisease: boolean;
}

/** API.md filing request, after schema validation. applicationDate is supplied by the caller. */
export interface FilingApplication {
  personId: string;
  scheme: Scheme;
  insuredRegion: RegionCode;
  treatmentRegion: RegionCode;
  type: FilingType;
  subtype?: LongTermSubtype;
  /** 承诺制: proof is missing and the person promises to supply it (F-6). */
  commitment: boolean;
  proof?: ProofInput;
  referral?: ReferralInput;
  /** Requested validity start; before the application date = retroactive 补办 (F-5). */
  startDate?: IsoDate;
  /** Admission of the stay this filing should cover (F-4, F-5). */
  admissionDate?: IsoDate;
  /** Made through self-service 自助备案 (F-8: then the person cannot cancel it online). */
  selfService?: boolean;
  /** F-1: in service or retired; a WORKING filing needs IN_SERVICE. */
  personCategory?: PersonCategory;
  reReferral?: ReReferralLink;
}

/** What planFiling decides for a new filing. */
export interface FilingPlan {
  status: 'ACTIVE' | 'COMMITMENT_PENDING';
  validFrom: IsoDate;
  /** Inclusive last valid day; null = open-ended (F-2). */
  validUntil: IsoDate | null;
  /** Inclusive last day of the commitment period (F-6, T-2); null when not a commitment filing. */
  commitmentDeadline: IsoDate | null;
  /**
   * Inclusive last valid day after which an EXPIRE timer must end the filing (same as
   * validUntil); null = no expiry timer. A pending commitment additionally has its LAPSE timer
   * at commitmentDeadline — see nextDeadline().
   */
  expiresAt: IsoDate | null;
  /** F-9 双向享受: benefits at the insured region too (440800: only after proof, F-6). */
  benefitsBothRegions: boolean;
  /** F-5 补办: validity starts before the application date. */
  retroactive: boolean;
  /** Rule IDs applied, for the audit trail and clerks. */
  ruleRefs: string[];
}

/** The filing as the filing workflow holds it. Dates are Asia/Shanghai (T-1). */
export interface FilingState {
  id: string;
  personId: string;
  scheme: Scheme;
  insuredRegion: RegionCode;
  treatmentRegion: RegionCode;
  type: FilingType;
  subtype: LongTermSubtype | null;
  status: FilingStatus;
  validFrom: IsoDate;
  validUntil: IsoDate | null;
  /** Set while (and only while) status is COMMITMENT_PENDING. */
  commitmentDeadline: IsoDate | null;
  /** Filed under commitment at all (kept after the proof arrives, for the history). */
  commitment: boolean;
  /** Date the promised proof was supplied (F-6), null otherwise. */
  commitmentFulfilledOn: IsoDate | null;
  selfService: boolean;
  proof: ProofInput | null;
  referral: ReferralInput | null;
  linkedFilingId: string | null;
  reReferral: ReReferralLink | null;
  admissionDate: IsoDate | null;
  retroactive: boolean;
  benefitsBothRegions: boolean;
  /** Application date. */
  createdOn: IsoDate;
  /** First day the filing no longer counts (exclusive end) once it was cancelled, lapsed, superseded, expired or ended. */
  endedOn: IsoDate | null;
  /** F-12: an insurance status change reported to take effect on a later day (the filing ends then). */
  insuranceEnd?: { status: InsuranceStatusChange; effectiveDate: IsoDate } | null;
}

/**
 * What every outside shape of a filing states, the API document and the read model alike (names
 * and meanings as in the contract; plain strings, as stored).
 */
export interface FilingSummary {
  status: string;
  personId: string;
  /** numbers the person was known by before. */
  formerPersonIds: string[];
  scheme: string;
  insuredRegion: string;
  treatmentRegion: string;
  type: string;
  subtype: string | null;
  commitment: boolean;
  validFrom: IsoDate;
  validUntil: IsoDate | null;
  commitmentDeadline: IsoDate | null;
  linkedFilingId: string | null;
  supersededBy: string | null;
  selfService: boolean;
  fundPaidUnderCommitmentFen: number;
  recoveryId: string | null;
}
