// M-2: which events of a case's timeline are failures the day's error report counts. A case
// records its failures on its own timeline (an agency that refused a notice, an escalation that
// did not reach the province, finance refusing a transfer, a deadline planned without a calendar);
// the report reads them from there, so no workflow makes a call of its own to be counted.

/** Timeline events that are failures, with the code the report shows them under. */
export const CASE_FAILURE_EVENTS: ReadonlySet<string> = new Set([
  // inquiry (I-2, I-4, T-3)
  'AGENCY_NOTICE_FAILED',
  'FORWARD_NOTICE_FAILED',
  'REMINDER_FAILED',
  'CALENDAR_MISSING',
  // inquiry and recovery escalations (T-4)
  'ESCALATION_FAILED',
  // recovery (RC-3, RC-4)
  'DEBTOR_NOTICE_REJECTED',
  'DEBTOR_REMINDER_FAILED',
  'FINANCE_CHECK_FAILED',
  'TRANSFER_REFUSED',
  'RECONCILIATION_EXCEPTION',
]);

export interface CaseEvent {
  eventId: string;
  caseType: string;
  caseId: string;
  action: string;
  details?: unknown;
}

export interface CaseFailureInput {
  /** Deterministic (an event's id, or the case id and step): a retry or replay counts it once. */
  failureId: string;
  /** A catalogue-style code: AGENCY_NOTICE_FAILED, ESCALATION_FAILED, TRANSFER_REFUSED, ... */
  code: string;
  caseType: string;
  caseId: string;
  /** Whose agencies see it in their report: the case's insured and treatment regions. */
  regions: string[];
  error: string;
}

/** What the failure said, for the report: the error or reason the event carries, else its data. */
function errorOf(details: unknown): string {
  if (details && typeof details === 'object') {
    const d = details as Record<string, unknown>;
    for (const key of ['error', 'reason', 'problems']) {
      const v = d[key];
      if (typeof v === 'string' && v) return v;
      if (Array.isArray(v) && v.length) return v.map(String).join('; ');
    }
    return JSON.stringify(details);
  }
  return '';
}

/** The failures among a case's events (M-2), each under its event's id. */
export function caseFailuresIn(events: readonly CaseEvent[], regions: readonly string[]): CaseFailureInput[] {
  return events
    .filter((e) => CASE_FAILURE_EVENTS.has(e.action))
    .map((e) => ({
      failureId: e.eventId,
      code: e.action,
      caseType: e.caseType,
      caseId: e.caseId,
      regions: [...new Set(regions)],
      error: errorOf(e.details).slice(0, 2000),
    }));
}
