// Expense inquiry (费用协查) and issue collaboration (问题协同) vocabulary (DOMAIN.md section 4,
// API.md "Inquiry"). The workflow holds an InquiryState; the rules in this folder move it.
import type { IsoDate } from '../time';

export const INQUIRY_KINDS = ['EXPENSE_INQUIRY', 'ISSUE_COLLABORATION'] as const;
export type InquiryKind = (typeof INQUIRY_KINDS)[number];

/**
 * AWAITING_RESPONSE: addressed to the treatment-region agency, its answer is due (I-2, I-4).
 * AWAITING_CONFIRMATION: answered; the insured region confirms or disputes (I-3).
 * NEGOTIATING: the insured region disputed; the treatment agency answers again (I-3).
 * ESCALATED: handed to the provincial agency; an answer is still accepted (I-3, I-4).
 * CONFIRMED: the answer stands (confirmed or deemed confirmed); the case is over.
 */
export const INQUIRY_STATUSES = ['AWAITING_RESPONSE', 'AWAITING_CONFIRMATION', 'NEGOTIATING', 'ESCALATED', 'CONFIRMED'] as const;
export type InquiryStatus = (typeof INQUIRY_STATUSES)[number];

/** States in which the treatment-region agency may (and must) answer. */
export const ANSWERABLE_STATUSES: readonly InquiryStatus[] = ['AWAITING_RESPONSE', 'NEGOTIATING', 'ESCALATED'];

export const INQUIRY_RESULTS = ['VERIFIED_OK', 'VERIFIED_ISSUE'] as const;
export type InquiryResult = (typeof INQUIRY_RESULTS)[number];

export const CONFIRMATION_DECISIONS = ['CONFIRM', 'DISPUTE'] as const;
export type ConfirmationDecision = (typeof CONFIRMATION_DECISIONS)[number];

/** The stored settlement an inquiry is about, as the case saw it when it opened. */
export interface InquirySettlement {
  settlementId: string;
  insuredRegion: string;
  treatmentRegion: string;
  hospitalId: string;
  scheme: string;
  visitType: string;
  admissionDate: IsoDate;
  totalFen: number;
  /** What the fund paid: the most that can be disallowed (and recovered, I-5). */
  fundFen: number;
}

/** Deadlines of one case, taken from the insured region's policy when it opened (replay-safe). */
export interface InquiryTerms {
  /** I-4 answer window of an issue collaboration, in working days (policy: 10). */
  answerWorkingDays: number;
  /** I-4 reminder this many working days before the answer deadline (policy: 2). */
  reminderWorkingDaysBefore: number;
  /** I-3 confirmation window in working days (5). */
  confirmationWorkingDays: number;
  /** I-3 negotiation window after a dispute, in working days (we use the I-4 answer window). */
  negotiationWorkingDays: number;
  /** RC-3 debtor deadline of the recovery an I-5 outcome starts, in calendar days (policy: 30). */
  debtorDeadlineDays: number;
}

export interface ResponseInput {
  result: InquiryResult;
  reasons: string[];
  disallowedFen: number;
}

export interface InquiryResponse extends ResponseInput {
  respondedOn: IsoDate;
  /** 1 for the first answer, 2+ for answers during negotiation or escalation. */
  round: number;
  late: boolean;
}

export interface InquiryConfirmation {
  decision: ConfirmationDecision;
  note: string | null;
  decidedOn: IsoDate;
  /** True when nobody decided within the I-3 window and the answer was deemed confirmed. */
  deemed: boolean;
}

/** I-4: the first receiver handed the collaboration to an agency that can answer; it stays responsible. */
export interface InquiryForward {
  /** The agency the case was forwarded to (it may now read and answer it). */
  toAgencyRegion: string;
  /** The first receiver, who forwarded it and stays responsible (首问负责). */
  fromAgencyRegion: string;
  note: string;
  forwardedOn: IsoDate;
}

export interface InquiryState {
  id: string;
  kind: InquiryKind;
  status: InquiryStatus;
  insuredRegion: string;
  treatmentRegion: string;
  settlementId: string;
  settlementFundFen: number;
  openedOn: IsoDate;
  /** I-2 monthly period 'YYYY-MM' the request currently belongs to (expense inquiry only). */
  period: string | null;
  /** The answer deadline now in force (inclusive). */
  dueDate: IsoDate;
  /** I-2 / I-4: the answer deadline passed at least once without an answer. */
  overdue: boolean;
  /** I-2: how many periods the request rolled over unanswered. */
  overdueCount: number;
  /** I-4: the day the reminder goes out; null when none is due (sent, or no room for one). */
  reminderDate: IsoDate | null;
  remindersSent: number;
  response: InquiryResponse | null;
  responses: InquiryResponse[];
  confirmationDueDate: IsoDate | null;
  negotiationDueDate: IsoDate | null;
  confirmation: InquiryConfirmation | null;
  disputes: number;
  escalations: number;
  /** I-4: forwards by the first receiver, oldest first (absent in cases begun before forwarding existed). */
  forwards?: InquiryForward[];
  /** I-5: the amount a recovery must get back once the answer is confirmed (0 = none). */
  recoveryAmountFen: number;
  closedOn: IsoDate | null;
}
