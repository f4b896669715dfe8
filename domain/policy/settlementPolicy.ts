// A region's settlement policy as versioned data (DOMAIN.md section 9). S-1 "insured-region
// policy": deductible, ratio, cap and reductions come from the insured region's file in
// policies/<region>/settlement.json, never from code, so an agency can edit them. Each version
// has effective dates; the ADMISSION date picks the version (a stay is settled under the rules
// in force when it began, like F-4 does for filings).
import { DomainError } from '../errors/types';
import { FILING_TYPES, SCHEMES, type Scheme } from '../filing/types';

export { SCHEMES, type Scheme };
export type { SettlementPolicy, SettlementPolicyVersion, VisitRule } from './settlementPolicyFile';
import type { SettlementPolicy, SettlementPolicyVersion, VisitRule } from './settlementPolicyFile';

/** MATERNITY: in-province off-site maternity 省内异地生育 (seed 003 part four (four)), offered where a policy has rows for it. */
export const VISIT_TYPES = ['INPATIENT', 'OUTPATIENT', 'CHRONIC', 'MATERNITY'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const HOSPITAL_LEVELS = [1, 2, 3] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];

/** Filing types that carry a reduction (F-1, S-3): every filing type. */
export const REDUCTION_FILING_TYPES = FILING_TYPES;

/** Marker used by CHRONIC: "inpatient ratio, same retired bonus" (section 9 table). */
export const SAME_AS_INPATIENT = 'SAME_AS_INPATIENT' as const;

/** The version in force at a date, labelled with its region so the engine can check it. */
export type EffectiveSettlementPolicy = SettlementPolicyVersion & { region: string; name: string };

/** A visit rule with SAME_AS_INPATIENT resolved to numbers. */
export interface ResolvedVisitRule {
  deductibleBasis: VisitRule['deductibleBasis'];
  deductibleFen: number;
  baseRatioPercent: number;
  retiredBonusPoints: number;
  annualCapFen: number;
  /** Which visit type's ratio was used (CHRONIC borrows INPATIENT's). */
  ratioFrom: VisitType;
}

/**
 * The version in force on `date` (the admission date decides). Throws a POLICY DomainError
 * SETTLEMENT_POLICY_NOT_IN_EFFECT when no version covers the date.
 */
export function policyVersionOn(policy: SettlementPolicy, date: string): EffectiveSettlementPolicy {
  const version = policy.versions.find((v) => v.effectiveFrom <= date && (v.effectiveTo === undefined || date <= v.effectiveTo));
  if (!version) {
    throw new DomainError('SETTLEMENT_POLICY_NOT_IN_EFFECT', {
      region: policy.region,
      date,
      versions: policy.versions.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo ?? null })),
    });
  }
  return { ...version, region: policy.region, name: policy.name };
}

/** One scheme/visit/level rule with CHRONIC's SAME_AS_INPATIENT resolved. */
export function resolveVisitRule(
  version: SettlementPolicyVersion,
  scheme: Scheme,
  visitType: VisitType,
  level: HospitalLevel,
): ResolvedVisitRule {
  const rules = version.schemes[scheme];
  const rule = rules[visitType];
  if (!rule) throw new DomainError('SETTLEMENT_VISIT_TYPE_NOT_OFFERED', { visitType, scheme, policyVersion: version.version });
  const inpatient = rules.INPATIENT;
  const ratioTable = rule.baseRatioPercent === SAME_AS_INPATIENT ? inpatient.baseRatioPercent : rule.baseRatioPercent;
  const bonus = rule.retiredBonusPoints === SAME_AS_INPATIENT ? inpatient.retiredBonusPoints : rule.retiredBonusPoints;
  // The schema forbids INPATIENT from referring to itself, so both are numbers here.
  if (ratioTable === SAME_AS_INPATIENT || bonus === SAME_AS_INPATIENT) {
    throw new Error('unreachable: INPATIENT rule refers to itself');
  }
  const key = String(level) as '1' | '2' | '3';
  return {
    deductibleBasis: rule.deductibleBasis,
    deductibleFen: rule.deductibleFen[key],
    baseRatioPercent: ratioTable[key],
    retiredBonusPoints: bonus,
    annualCapFen: rule.annualCapFen,
    ratioFrom: rule.baseRatioPercent === SAME_AS_INPATIENT ? 'INPATIENT' : visitType,
  };
}
