// Shapes of endpoints planned in docs/API.md ("Planned shapes") that the contract this console was
// built against does not serve yet. Pages using them sit behind a capability check (Requires) and
// read only these fields; once the API serves the endpoints, the generated types replace these.
export interface PlannedClearing {
  id: string;
  overdue?: boolean;
  nextDeadline?: { kind: string; date: string } | null;
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  status: string;
  reconciliation?: {
    matched?: number;
    onlyOurs?: number;
    onlyTheirs?: number;
    amountDiffers?: number;
    resolved?: number;
    ratePercent?: number;
  };
  exceptions?: {
    id: string;
    kind: string;
    settlementId: string;
    oursFen?: number;
    theirsFen?: number;
    resolution?: { decision: string; note?: string; decidedOn?: string; by?: string };
  }[];
  statement?: { count?: number; fundFen?: number; recoveryOffsetFen?: number; netDueFen?: number } | null;
  rates?: { reconciliationPercent?: number; settlementPercent?: number; applicationPercent?: number };
  dueDate?: string;
  delayReport?: { reason: string; expectedDate: string; reportedOn?: string } | null;
  payment?: { amountFen: number; paidOn: string; bankFeeFen?: number; late?: boolean } | null;
  events?: { seq: number; at: string; type: string; actor: string; note?: string }[];
}

export interface PlannedAdvance {
  insuredRegion: string;
  treatmentRegion: string;
  quotaFen: number;
  balanceFen: number;
  outstandingFen: number;
  usagePercent: number;
  alert: string;
  yellowPercent?: number;
  redPercent?: number;
  topUpRequestId?: string | null;
}

export interface PlannedIndicator {
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  hospitalId?: string | null;
  visits: number;
  totalFen: number;
  fundFen: number;
  avgCostFen: number;
  avgCostGrowthPercent?: number | null;
  yoyGrowthPercent?: number | null;
  reimbursementPercent: number;
  deductionRatePercent: number;
  localDeductionRatePercent: number;
}

export interface PlannedWarning {
  id: string;
  kind: string;
  period: string;
  scope: { insuredRegion: string; treatmentRegion: string; hospitalId?: string } | string;
  value: number;
  threshold: number;
  status: string;
  note?: string | null;
}

/** A list answer, paginated or not. */
export function itemsOf<T>(answer: unknown): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const items = (answer as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? (items as T[]) : [];
}
