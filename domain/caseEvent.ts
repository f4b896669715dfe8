// One entry of a case's timeline (E-2: who did what, when), the same shape for filings,
// inquiries and recoveries, in workflow state, read models and API responses alike.
export interface CaseEvent {
  seq: number;
  /** ISO 8601 with +08:00 (workflow time, so replay gives the same stamp). */
  at: string;
  type: string;
  /** agencyId of who acted, or 'system' for timers. */
  actor: string;
  note?: string;
  data?: Record<string, unknown>;
}
