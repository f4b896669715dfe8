// I-1: which procedure a question about a settlement takes. A bill of a listed visit type
// (220000: inpatient) whose total passes the region's threshold (220000: > 30,000 yuan) and that
// looks non-compliant goes to expense inquiry; anything else that needs the treatment region
// goes to issue collaboration. Threshold, comparison and visit types are insured-region policy.
import type { SettlementPolicyVersion } from '../policy/settlementPolicy';
import type { InquiryKind, InquirySettlement } from './types';

export type InquiryThreshold = SettlementPolicyVersion['inquiry'];

export interface Classification {
  kind: InquiryKind;
  /** Why, for the case's first event (a clerk can explain the choice). */
  because: {
    suspectedViolation: boolean;
    visitTypeListed: boolean;
    overThreshold: boolean;
    thresholdFen: number;
    comparison: InquiryThreshold['comparison'];
  };
}

export function classifyInquiry(
  threshold: InquiryThreshold,
  settlement: Pick<InquirySettlement, 'visitType' | 'totalFen'>,
  suspectedViolation: boolean,
): Classification {
  const visitTypeListed = (threshold.visitTypes as readonly string[]).includes(settlement.visitType);
  const overThreshold =
    threshold.comparison === 'GREATER_THAN'
      ? settlement.totalFen > threshold.expenseInquiryThresholdFen
      : settlement.totalFen >= threshold.expenseInquiryThresholdFen;
  const expense = suspectedViolation && visitTypeListed && overThreshold;
  return {
    kind: expense ? 'EXPENSE_INQUIRY' : 'ISSUE_COLLABORATION',
    because: {
      suspectedViolation,
      visitTypeListed,
      overThreshold,
      thresholdFen: threshold.expenseInquiryThresholdFen,
      comparison: threshold.comparison,
    },
  };
}
