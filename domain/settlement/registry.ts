// Picks the insured region's policy (S-1 "insured-region policy") and the version in force on
// the admission date, then runs the engine. Callers that already hold a version use engine.ts.
import { DomainError } from '../errors/types';
import { policyVersionOn, type EffectiveSettlementPolicy, type SettlementPolicy } from '../policy/settlementPolicy';
import type { Bill } from './bill';
import { reimburse, settle, type ReimbursementOptions } from './engine';
import type { SettlementBreakdown, SettlementContext } from './types';

/** Policies by region code, e.g. { '440800': ..., '220000': ... }. */
export type SettlementPolicies = Readonly<Record<string, SettlementPolicy>>;

/**
 * The version of the bill's insured-region policy in force on its admission date. An insured
 * region without a policy is SETTLEMENT_REGION_UNKNOWN (POLICY 422, not 404: the request is
 * well-formed, the region simply has not published rules the engine can apply).
 */
export function policyForBill(
  policies: SettlementPolicies,
  bill: Pick<Bill, 'insuredRegion' | 'admissionDate'>,
): EffectiveSettlementPolicy {
  const policy = Object.prototype.hasOwnProperty.call(policies, bill.insuredRegion) ? policies[bill.insuredRegion] : undefined;
  if (!policy) {
    throw new DomainError('SETTLEMENT_REGION_UNKNOWN', { insuredRegion: bill.insuredRegion, knownRegions: Object.keys(policies) });
  }
  return policyVersionOn(policy, bill.admissionDate);
}

export function settleWithPolicies(policies: SettlementPolicies, bill: Bill, context: SettlementContext): SettlementBreakdown {
  return settle(policyForBill(policies, bill), bill, context);
}

export function reimburseWithPolicies(
  policies: SettlementPolicies,
  bill: Bill,
  context: SettlementContext,
  options: ReimbursementOptions,
): SettlementBreakdown {
  return reimburse(policyForBill(policies, bill), bill, context, options);
}
