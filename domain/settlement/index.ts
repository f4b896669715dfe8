// Public face of the settlement engine (DOMAIN.md section 3).
export * from './types';
export { BillSchema, BillLineSchema, validateBill, parseBill, type Bill, type BillLine, type BillProblem, type FieldProblem } from './bill';
export { settle, reimburse, type ReimbursementOptions } from './engine';
export { accumulatorKey, accumulatorKeyId } from './accumulator';
export { asOfSettlementDay, filingProblem, type FilingProblem } from './filingBasis';
export { policyForBill, settleWithPolicies, reimburseWithPolicies, type SettlementPolicies } from './registry';
export { defaultSettlementPolicies } from './defaultPolicies';
export { percentOfHalfUp, payablePartOfB, yuan } from './money';
