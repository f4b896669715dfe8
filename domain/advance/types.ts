// The advance fund 预付金 of one pair (insured region, treatment region) (P-1, P-5).
import type { IsoDate } from '../time';

export const ALERT_LEVELS = ['NONE', 'YELLOW', 'RED'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** What the advance looks like now, derived from the stored records (never kept as a counter). */
export interface AdvanceMeasure {
  year: number;
  quotaFen: number;
  /** The year's quota plus the year's top-ups. */
  balanceFen: number;
  /** Fund paid by direct settlements of the pair, not reversed, of periods not yet paid (P-5). */
  outstandingFen: number;
  usagePercent: number;
  alert: AlertLevel;
  measuredAt: string;
}

export const TOP_UP_REQUEST_STATUSES = ['OPEN', 'OVERDUE', 'TOPPED_UP'] as const;
export type TopUpRequestStatus = (typeof TOP_UP_REQUEST_STATUSES)[number];

/** P-5: the emergency top-up request a red crossing starts: a case with its own deadline. */
export interface TopUpRequest {
  id: string;
  seq: number;
  status: TopUpRequestStatus;
  openedOn: IsoDate;
  usagePercentAtCrossing: number;
  dueDate: IsoDate;
  reminderDates: IsoDate[];
  remindersSent: number;
  escalations: number;
  closedOn: IsoDate | null;
  closedByTopUp: { topUpId: string; amountFen: number } | null;
}

export interface AdvanceState {
  id: string;
  insuredRegion: string;
  treatmentRegion: string;
  alert: AlertLevel;
  lastMeasure: AdvanceMeasure | null;
  /** Red crossings so far: each started exactly one request. */
  redCrossings: number;
  /** The newest requests, the open one (if any) first to look at; older ones drop off after 20. */
  requests: TopUpRequest[];
}

export interface AdvanceTerms {
  yellowPercent: number;
  redPercent: number;
  topUpDeadlineDays: number;
  topUpReminderDaysBefore: number[];
}
