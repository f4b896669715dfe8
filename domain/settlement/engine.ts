// The real-time settlement engine (DOMAIN.md section 3). Pure: the caller supplies the policy
// version, the person's filing and the current accumulator values; the engine returns the full
// breakdown (S-6) and the accumulator delta (S-5) and stores nothing.
import { provinceOf } from '../regions';
import { DomainError } from '../errors/types';
import { resolveVisitRule, type EffectiveSettlementPolicy, type ResolvedVisitRule } from '../policy/settlementPolicy';
import { accumulatorKey } from './accumulator';
import { parseBill, type Bill } from './bill';
import { reductionBasis, type ReductionBasis } from './filingBasis';
import { payablePartOfB, percentOfHalfUp, yuan } from './money';
import type { SettlementBreakdown, SettlementContext, TraceStep } from './types';

export interface ReimbursementOptions {
  /** S-4: direct settlement was possible but did not happen through the person's own fault. */
  ownFault: boolean;
}

/**
 * Direct settlement of a bill (S-1..S-7). Throws DomainError:
 * SETTLEMENT_BILL_INVALID (bad bill), SETTLEMENT_POLICY_REGION_MISMATCH / _NOT_IN_EFFECT (wrong
 * policy version), SETTLEMENT_INJURY_STATEMENT_MISSING (S-7), SETTLEMENT_NO_VALID_FILING (F-4/F-5).
 */
export function settle(policy: EffectiveSettlementPolicy, billInput: Bill, context: SettlementContext): SettlementBreakdown {
  const bill = parseBill(billInput);
  checkPolicyFits(policy, bill);
  const trace: TraceStep[] = [policyStep(policy, bill), ...injuryStep(bill)];
  const found = reductionBasis(policy, bill, context.filing);
  if (found.basis === null) {
    throw new DomainError('SETTLEMENT_NO_VALID_FILING', {
      personId: bill.personId,
      treatmentRegion: bill.treatmentRegion,
      admissionDate: bill.admissionDate,
      reason: found.problem,
      filingId: context.filing?.id,
      filingStatus: context.filing?.status,
    });
  }
  return compute(policy, bill, context, found.basis, [], trace);
}

/**
 * Manual reimbursement at the insured region of a bill the person paid in full (F-5, S-4).
 * With a covering filing or an emergency the same reductions apply as for direct settlement;
 * with none, the policy's unfiledManualReductionPoints (or SETTLEMENT_REIMBURSEMENT_NEEDS_FILING
 * when the policy says null). ownFault adds the policy's ownFaultManualReductionPoints (220000:
 * 10) only where direct settlement had been possible; a policy with null (440800) ignores it.
 */
export function reimburse(
  policy: EffectiveSettlementPolicy,
  billInput: Bill,
  context: SettlementContext,
  options: ReimbursementOptions,
): SettlementBreakdown {
  const bill = parseBill(billInput);
  checkPolicyFits(policy, bill);
  const trace: TraceStep[] = [policyStep(policy, bill), ...injuryStep(bill)];
  const found = reductionBasis(policy, bill, context.filing);
  let basis: ReductionBasis;
  if (found.basis) {
    basis = found.basis;
  } else {
    const points = policy.unfiledManualReductionPoints;
    if (points === null) {
      throw new DomainError('SETTLEMENT_REIMBURSEMENT_NEEDS_FILING', {
        personId: bill.personId,
        treatmentRegion: bill.treatmentRegion,
        admissionDate: bill.admissionDate,
        reason: found.problem,
      });
    }
    basis = {
      reason: 'UNFILED_MANUAL',
      points,
      trace: [
        {
          rule: 'F-5',
          step: 'filing',
          detail: `no filing covered admission on ${bill.admissionDate} (${found.problem}): reimbursed as unfiled temporary care`,
        },
        { rule: 'S-3', step: 'reduction', valuePercent: points, detail: `unfiled care: ${points} points off` },
      ],
    };
  }

  const extra: { reason: 'OWN_FAULT_MANUAL'; points: number }[] = [];
  const own = policy.ownFaultManualReductionPoints;
  let ownFaultStep: TraceStep;
  if (!options.ownFault) {
    ownFaultStep = {
      rule: 'S-4',
      step: 'own-fault',
      detail: "not the person's fault that direct settlement did not happen: no further reduction",
    };
  } else if (own === null) {
    ownFaultStep = {
      rule: 'S-4',
      step: 'own-fault',
      detail: `policy ${policy.region} has no own-fault reduction: the own-fault flag changes nothing`,
    };
  } else if (basis.reason === 'UNFILED_MANUAL') {
    ownFaultStep = {
      rule: 'S-4',
      step: 'own-fault',
      detail: 'direct settlement was not possible without a filing, so the own-fault reduction does not apply',
    };
  } else {
    extra.push({ reason: 'OWN_FAULT_MANUAL', points: own });
    ownFaultStep = {
      rule: 'S-4',
      step: 'own-fault',
      valuePercent: own,
      detail: `direct settlement was possible but the person chose or caused self-payment: a further ${own} points off`,
    };
  }
  basis = { ...basis, trace: [...basis.trace, ownFaultStep] };
  return compute(policy, bill, context, basis, extra, trace);
}

/** S-1 "insured-region policy": only the insured region's version in force at admission applies. */
function checkPolicyFits(policy: EffectiveSettlementPolicy, bill: Bill): void {
  if (policy.region !== bill.insuredRegion) {
    throw new DomainError('SETTLEMENT_POLICY_REGION_MISMATCH', { insuredRegion: bill.insuredRegion, policyRegion: policy.region });
  }
  const inForce =
    policy.effectiveFrom <= bill.admissionDate && (policy.effectiveTo === undefined || bill.admissionDate <= policy.effectiveTo);
  if (!inForce) {
    throw new DomainError('SETTLEMENT_POLICY_NOT_IN_EFFECT', {
      region: policy.region,
      date: bill.admissionDate,
      version: policy.version,
      effectiveFrom: policy.effectiveFrom,
      effectiveTo: policy.effectiveTo ?? null,
    });
  }
  // Seed 003 part four (four): maternity settles directly inside the insured province only.
  if (
    bill.visitType === 'MATERNITY' &&
    policy.maternityInProvinceOnly &&
    provinceOf(bill.insuredRegion) !== provinceOf(bill.treatmentRegion)
  ) {
    throw new DomainError('SETTLEMENT_MATERNITY_IN_PROVINCE_ONLY', {
      insuredRegion: bill.insuredRegion,
      treatmentRegion: bill.treatmentRegion,
    });
  }
}

function policyStep(policy: EffectiveSettlementPolicy, bill: Bill): TraceStep {
  return {
    rule: 'S-1',
    step: 'policy',
    detail: `insured-region policy ${policy.region} version ${policy.version} (in force on admission ${bill.admissionDate}); catalogue classes from treatment region ${bill.treatmentRegion}`,
  };
}

/** S-7: a non-third-party injury is settled only with the signed statement. */
function injuryStep(bill: Bill): TraceStep[] {
  if (!bill.nonThirdPartyInjury) return [];
  if (bill.nonThirdPartyInjury.statementSigned !== true) {
    throw new DomainError('SETTLEMENT_INJURY_STATEMENT_MISSING', { personId: bill.personId, hospitalId: bill.hospitalId });
  }
  return [{ rule: 'S-7', step: 'injury-statement', detail: 'non-third-party injury: the person signed the no-third-party statement' }];
}

/** S-1/S-2: total, eligible (B lines' payable part rounded once per line, then summed). */
function eligibleAmounts(bill: Bill, trace: TraceStep[]): { totalFen: number; eligibleFen: number } {
  let a = 0,
    bAmount = 0,
    bPayable = 0,
    self = 0;
  for (const line of bill.lines) {
    if (line.class === 'A') a += line.amountFen;
    else if (line.class === 'SELF') self += line.amountFen;
    else {
      const share = line.selfSharePercent ?? 0; // parseBill guarantees it on B lines
      const payable = payablePartOfB(line.amountFen, share);
      bAmount += line.amountFen;
      bPayable += payable;
      trace.push({
        rule: 'S-2',
        step: 'b-line',
        valueFen: payable,
        detail: `B line ${line.code} ${line.name}: ${yuan(line.amountFen)} less ${share}% self share = ${yuan(payable)} payable`,
      });
    }
  }
  const totalFen = a + bAmount + self;
  const eligibleFen = a + bPayable;
  trace.push(
    {
      rule: 'S-1',
      step: 'total',
      valueFen: totalFen,
      detail: `total ${yuan(totalFen)}: class A ${yuan(a)}, class B ${yuan(bAmount)}, class SELF ${yuan(self)}`,
    },
    {
      rule: 'S-2',
      step: 'eligible',
      valueFen: eligibleFen,
      detail: `eligible = A ${yuan(a)} + B payable ${yuan(bPayable)} = ${yuan(eligibleFen)}; SELF ${yuan(self)} is not payable`,
    },
  );
  return { totalFen, eligibleFen };
}

/** S-3: base ratio plus the retired bonus, never above 100. */
function basePercentOf(rule: ResolvedVisitRule, bill: Bill, trace: TraceStep[]): number {
  const from = rule.ratioFrom === bill.visitType ? '' : ` (uses the ${rule.ratioFrom} ratio)`;
  trace.push({
    rule: 'S-3',
    step: 'base-ratio',
    valuePercent: rule.baseRatioPercent,
    detail: `${bill.scheme} ${bill.visitType} at a level-${bill.hospitalLevel} hospital: base ratio ${rule.baseRatioPercent}%${from}`,
  });
  const bonus = bill.personCategory === 'RETIRED' ? rule.retiredBonusPoints : 0;
  trace.push({
    rule: 'S-3',
    step: 'retired-bonus',
    valuePercent: bonus,
    detail:
      bill.personCategory === 'RETIRED'
        ? bonus > 0
          ? `retired: +${bonus} points`
          : 'retired, but this scheme and visit type has no retired bonus'
        : 'in service: no retired bonus',
  });
  return Math.min(100, rule.baseRatioPercent + bonus);
}

/** S-2: the deductible still to pay, by its basis; capped at the eligible amount. */
function deductibleOf(rule: ResolvedVisitRule, eligibleFen: number, usedFen: number, trace: TraceStep[]): number {
  let remaining: number;
  let why: string;
  if (rule.deductibleBasis === 'PER_STAY') {
    remaining = rule.deductibleFen;
    why = `per-stay deductible ${yuan(rule.deductibleFen)}`;
  } else if (rule.deductibleBasis === 'PER_YEAR') {
    remaining = Math.max(0, rule.deductibleFen - usedFen);
    why = `yearly deductible ${yuan(rule.deductibleFen)}, already paid this year ${yuan(usedFen)}, remaining ${yuan(remaining)}`;
  } else {
    remaining = 0;
    why = 'no deductible for this visit type';
  }
  const applied = Math.min(remaining, eligibleFen);
  trace.push({ rule: 'S-2', step: 'deductible', valueFen: applied, detail: `${why}; applied to this bill ${yuan(applied)}` });
  return applied;
}

function compute(
  policy: EffectiveSettlementPolicy,
  bill: Bill,
  context: SettlementContext,
  basis: ReductionBasis,
  extra: { reason: 'OWN_FAULT_MANUAL'; points: number }[],
  trace: TraceStep[],
): SettlementBreakdown {
  const acc = context.accumulator;
  if (![acc.deductibleUsedFen, acc.fundPaidFen].every((v) => Number.isSafeInteger(v) && v >= 0)) {
    throw new Error(`accumulator values must be non-negative integer fen, got ${JSON.stringify(acc)}`);
  }
  const rule = resolveVisitRule(policy, bill.scheme, bill.visitType, bill.hospitalLevel);
  const { totalFen, eligibleFen } = eligibleAmounts(bill, trace);
  const basePercent = basePercentOf(rule, bill, trace);
  trace.push(...basis.trace);
  const reductions = [{ reason: basis.reason, points: basis.points }, ...extra];
  const reductionPoints = reductions.reduce((sum, r) => sum + r.points, 0);
  const ratioPercent = Math.max(0, Math.round((basePercent - reductionPoints) * 100) / 100);
  trace.push({
    rule: 'S-3',
    step: 'ratio',
    valuePercent: ratioPercent,
    detail: `ratio = ${basePercent}% - ${reductionPoints} points = ${ratioPercent}%${basePercent - reductionPoints < 0 ? ' (never below 0)' : ''}`,
  });

  const deductibleFen = deductibleOf(rule, eligibleFen, acc.deductibleUsedFen, trace);
  const fundBeforeCap = percentOfHalfUp(eligibleFen - deductibleFen, ratioPercent);
  trace.push({
    rule: 'S-2',
    step: 'fund-before-cap',
    valueFen: fundBeforeCap,
    detail: `(${yuan(eligibleFen)} - ${yuan(deductibleFen)}) x ${ratioPercent}% = ${yuan(fundBeforeCap)}`,
  });

  const capRemaining = Math.max(0, rule.annualCapFen - acc.fundPaidFen);
  const fundFen = Math.min(fundBeforeCap, capRemaining);
  const capAppliedFen = fundBeforeCap - fundFen;
  trace.push({
    rule: 'S-2',
    step: 'annual-cap',
    valueFen: capAppliedFen,
    detail:
      `annual cap ${yuan(rule.annualCapFen)}, fund already paid this year ${yuan(acc.fundPaidFen)}, remaining ${yuan(capRemaining)}: ` +
      (capAppliedFen > 0 ? `${yuan(capAppliedFen)} cut` : 'nothing cut'),
  });
  const personalFen = totalFen - fundFen;
  trace.push(
    { rule: 'S-2', step: 'fund', valueFen: fundFen, detail: `fund pays ${yuan(fundFen)}` },
    {
      rule: 'S-2',
      step: 'personal',
      valueFen: personalFen,
      detail: `person pays total ${yuan(totalFen)} - fund ${yuan(fundFen)} = ${yuan(personalFen)}`,
    },
  );

  // Only a yearly deductible accumulates; a per-stay deductible starts afresh with each stay.
  const key = accumulatorKey(bill);
  const accumulatorDelta = { deductibleFen: rule.deductibleBasis === 'PER_YEAR' ? deductibleFen : 0, fundFen };
  trace.push({
    rule: 'S-5',
    step: 'accumulator',
    detail: `add deductible ${yuan(accumulatorDelta.deductibleFen)} and fund ${yuan(fundFen)} to ${key.scheme} ${key.capGroup} ${key.year} of ${key.personId}, once`,
  });

  return {
    totalFen,
    eligibleFen,
    deductibleFen,
    basePercent,
    reductionPoints,
    reductionReason: basis.reason,
    reductions,
    ratioPercent,
    fundFen,
    personalFen,
    capAppliedFen,
    ...(basis.filingId !== undefined ? { filingId: basis.filingId } : {}),
    policyRegion: policy.region,
    policyVersion: policy.version,
    accumulatorKey: key,
    accumulatorDelta,
    ruleTrace: trace,
  };
}
