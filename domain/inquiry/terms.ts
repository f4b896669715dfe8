// The insured region's policy values an inquiry case runs on, fixed when it opens (a months-long
// case keeps the terms it started with, X-2). Procedural terms come from the version in force on
// the opening day; when no version covers that day (an ended policy file) the latest one applies.
import { policyVersionOn, type SettlementPolicy, type SettlementPolicyVersion } from '../policy/settlementPolicy';
import { CONFIRMATION_WORKING_DAYS } from './deadlines';
import type { InquiryTerms } from './types';

export function versionOnOrLatest(policy: SettlementPolicy, date: string): SettlementPolicyVersion {
  try {
    return policyVersionOn(policy, date);
  } catch {
    return [...policy.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : -1))[0];
  }
}

export function inquiryTermsOn(policy: SettlementPolicy, openedOn: string): InquiryTerms {
  const version = versionOnOrLatest(policy, openedOn);
  return {
    answerWorkingDays: version.issueCollaboration.answerWorkingDays,
    reminderWorkingDaysBefore: version.issueCollaboration.reminderWorkingDaysBefore,
    confirmationWorkingDays: CONFIRMATION_WORKING_DAYS,
    // I-3 names no negotiation window; the region's I-4 answer window is the cross-region norm.
    negotiationWorkingDays: version.issueCollaboration.answerWorkingDays,
    debtorDeadlineDays: version.recovery.debtorDeadlineDays,
  };
}
