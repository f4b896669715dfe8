// The shapes a settlement takes outside the engine: the response body (S-6, with its rule
// trace) and the stored record, both from one computation.
import { accumulatorKeyId, type Bill, type SettlementBreakdown } from '../../domain/settlement';
import { formatShanghaiTimestamp } from '../../domain/time';
import type { SettlementRecord } from '../../models/settlementRecord';
import type { SettlementBody } from '../schemas/settlement';
import type { Computation } from './settlementComputation';

/** The bill's own fields, as a settlement answers them and as its record keeps them. */
function billFields(bill: Bill) {
  return {
    personId: bill.personId,
    scheme: bill.scheme,
    personCategory: bill.personCategory,
    insuredRegion: bill.insuredRegion,
    treatmentRegion: bill.treatmentRegion,
    hospitalId: bill.hospitalId,
    hospitalLevel: bill.hospitalLevel,
    visitType: bill.visitType,
    admissionDate: bill.admissionDate,
    dischargeDate: bill.dischargeDate ?? null,
  };
}

export function toBody(
  c: Computation,
  b: SettlementBreakdown,
  at: { id: string | null; nowMs: number; period: string | null },
): SettlementBody {
  return {
    id: at.id,
    kind: c.kind,
    stored: at.id !== null,
    ...billFields(c.bill),
    totalFen: b.totalFen,
    eligibleFen: b.eligibleFen,
    deductibleFen: b.deductibleFen,
    basePercent: b.basePercent,
    ratioPercent: b.ratioPercent,
    reductionPoints: b.reductionPoints,
    reductionReason: b.reductionReason,
    reductions: b.reductions,
    fundFen: b.fundFen,
    personalFen: b.personalFen,
    capAppliedFen: b.capAppliedFen,
    ...(b.filingId !== undefined ? { filingId: b.filingId } : {}),
    ...(c.kind === 'REIMBURSEMENT' ? { ownFault: c.ownFault ?? false } : {}),
    policyRegion: c.policy.sourceRegion,
    policyVersion: b.policyVersion,
    accumulator: { key: accumulatorKeyId(c.accumulator), ...b.accumulatorDelta },
    period: at.period,
    settledAt: formatShanghaiTimestamp(at.nowMs),
    ruleTrace: b.ruleTrace,
    ...(at.id !== null ? { status: 'SETTLED' as const } : {}),
  };
}

/** What is kept with the accumulator charge, so the record can always be (re)built from it. */
export interface SettlementReceipt {
  body: SettlementBody;
  /** F-7: the COMMITMENT_PENDING filing fund was paid under, or null. */
  commitmentFilingId: string | null;
  requestHash: string | null;
}

/**
 * The stored record of a settlement, built from the body kept with its charge: by the request
 * that charged it (with the bill as received), or by a later read that finds the charge without
 * its record (a crash between the two writes; the bill's lines are then in the body only).
 */
export function recordOf(receipt: SettlementReceipt, request: unknown, submittedBy: string): SettlementRecord {
  const { body } = receipt;
  const settlementId = body.id as string;
  return {
    _id: settlementId,
    settlementId,
    kind: body.kind,
    state: 'STORED',
    personId: body.personId,
    scheme: body.scheme,
    personCategory: body.personCategory,
    insuredRegion: body.insuredRegion,
    treatmentRegion: body.treatmentRegion,
    hospitalId: body.hospitalId,
    hospitalLevel: body.hospitalLevel,
    visitType: body.visitType,
    admissionDate: body.admissionDate,
    dischargeDate: body.dischargeDate,
    totalFen: body.totalFen,
    eligibleFen: body.eligibleFen,
    fundFen: body.fundFen,
    personalFen: body.personalFen,
    filingId: body.filingId ?? null,
    period: body.period as string,
    request,
    breakdown: body,
    submittedBy,
    createdAt: new Date(),
    policyRegion: body.policyRegion,
    policyVersion: body.policyVersion,
    accumulatorKeyId: body.accumulator.key,
    storedAt: new Date(),
    commitmentFilingId: receipt.commitmentFilingId,
    requestHash: receipt.requestHash,
    reversal: null,
  };
}

/** The bill as a settlement's record keeps the request (a reimbursement with its S-4 flag). */
export function requestOf(c: Computation): unknown {
  return c.kind === 'REIMBURSEMENT' ? { ...c.bill, ownFault: c.ownFault ?? false } : c.bill;
}

/** A stored settlement as read back: REVERSED with its reversal once reversed (S-8). */
export function storedBody(record: SettlementRecord): SettlementBody {
  const body = record.breakdown as SettlementBody;
  if (!record.reversal) return { ...body, status: 'SETTLED' };
  const { id, reason, reversedAt } = record.reversal;
  return { ...body, status: 'REVERSED', reversal: { id, reason, reversedAt: formatShanghaiTimestamp(new Date(reversedAt).getTime()) } };
}
