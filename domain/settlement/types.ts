// Shapes the settlement engine reads and returns (API.md "Settlement request" / "Settlement").
import type { Scheme, VisitType, HospitalLevel } from '../policy/settlementPolicy';
import type { FilingType, FilingStatus } from '../filing/types';

export type { Scheme, VisitType, HospitalLevel };

export type PersonCategory = 'IN_SERVICE' | 'RETIRED';
export type LineClass = 'A' | 'B' | 'SELF';

export type { FilingType, FilingStatus };

/** What the engine needs to know about the person's filing for the treatment region. */
export interface FilingFacts {
  id: string;
  type: FilingType;
  status: FilingStatus;
  validFrom: string;
  /** null = open-ended (e.g. 440800 LONG_TERM, F-2). */
  validUntil: string | null;
  /** When given, must equal the bill's treatment region (F-4: valid in the filed region only). */
  treatmentRegion?: string;
  /** F-6: last day of a pending commitment; past it the filing has lapsed (F-7) whatever a view says. */
  commitmentDeadline?: string | null;
  /** First day an ended filing no longer counts (cancelled, superseded, F-12 insurance ended, ...). */
  endedOn?: string | null;
  referral?: { fromHospital: string };
}

/** Running totals for one accumulatorKey (S-5), read before this bill. */
export interface AccumulatorValues {
  /** Deductible already paid this year; only PER_YEAR deductibles read it. */
  deductibleUsedFen: number;
  /** Fund already paid this year in this cap group, against the annual cap. */
  fundPaidFen: number;
}

export interface SettlementContext {
  /** The person's filing for the bill's treatment region, or null when there is none. */
  filing: FilingFacts | null;
  accumulator: AccumulatorValues;
}

/** Why points came off the ratio. */
export type ReductionReason =
  'LONG_TERM' | 'REFERRAL' | 'REFERRAL_DESIGNATED_HOSPITAL' | 'EMERGENCY' | 'OTHER_TEMPORARY' | 'OWN_FAULT_MANUAL' | 'UNFILED_MANUAL';

export interface TraceStep {
  /** Rule ID from DOMAIN.md, e.g. 'S-2'. */
  rule: string;
  step: string;
  /** Short plain explanation a clerk can read out. */
  detail: string;
  valueFen?: number;
  valuePercent?: number;
}

export interface SettlementBreakdown {
  totalFen: number;
  eligibleFen: number;
  /** Deductible applied to this bill. */
  deductibleFen: number;
  /** Base ratio + retired bonus (capped at 100), before reductions. */
  basePercent: number;
  reductionPoints: number;
  /** The basis reduction (filing type, emergency, or unfiled); see `reductions` for every part. */
  reductionReason: ReductionReason;
  /** Every reduction that was added up into reductionPoints (e.g. OTHER_TEMPORARY + OWN_FAULT_MANUAL). */
  reductions: { reason: ReductionReason; points: number }[];
  /** After reductions, never below 0. */
  ratioPercent: number;
  fundFen: number;
  personalFen: number;
  /** Fund money the annual cap cut off. */
  capAppliedFen: number;
  filingId?: string;
  policyRegion: string;
  policyVersion: string;
  accumulatorKey: AccumulatorKey;
  /** Add these to the accumulator at accumulatorKey exactly once (S-5). */
  accumulatorDelta: { deductibleFen: number; fundFen: number };
  ruleTrace: TraceStep[];
}

/** S-5: accumulators are per person, scheme, year (of admission) and visit type cap group. */
export interface AccumulatorKey {
  personId: string;
  scheme: Scheme;
  year: number;
  capGroup: VisitType;
}
