// P-2 (b) the statement 清算单, made only at 100% reconciliation: count and fund by scheme and
// visit type over every line of the period (matched lines, and resolved exceptions with the
// amount decided), minus recovered money offset against this clearing (RC-3), = net due.
// P-2 (c) the application includes 100% of these lines.
import type { ClearingLine, Statement, StatementRow } from './types';
import type { IsoDate } from '../time';

export type StatementLine = Pick<ClearingLine, 'lineId' | 'kind' | 'fundFen' | 'scheme' | 'visitType'> & { adjustment: boolean };

export interface OffsetCandidate {
  recoveryId: string;
  amountFen: number;
}

/**
 * RC-3: recoveries owed by the treatment region are offset against this clearing in order, each
 * in full, as long as the net due stays at or above 0; the rest wait for a later clearing.
 */
export function chooseOffsets(fundFen: number, candidates: readonly OffsetCandidate[]): OffsetCandidate[] {
  const chosen: OffsetCandidate[] = [];
  let left = Math.max(0, fundFen);
  for (const c of [...candidates].sort((a, b) => a.recoveryId.localeCompare(b.recoveryId))) {
    if (c.amountFen > 0 && c.amountFen <= left) {
      chosen.push({ ...c });
      left -= c.amountFen;
    }
  }
  return chosen;
}

function addTo<K extends string>(rows: Map<string, StatementRow>, key: K, line: StatementLine): void {
  const row = rows.get(key) ?? { count: 0, fundFen: 0 };
  if (line.kind === 'SETTLEMENT') row.count += 1;
  row.fundFen += line.fundFen;
  rows.set(key, row);
}

export function makeStatement(lines: readonly StatementLine[], offsets: readonly OffsetCandidate[], today: IsoDate): Statement {
  const byScheme = new Map<string, StatementRow>();
  const byVisitType = new Map<string, StatementRow>();
  const adjustments: StatementRow = { count: 0, fundFen: 0 };
  let count = 0;
  let fundFen = 0;
  for (const line of lines) {
    if (line.kind === 'SETTLEMENT') count += 1;
    fundFen += line.fundFen;
    addTo(byScheme, line.scheme, line);
    addTo(byVisitType, line.visitType, line);
    if (line.adjustment) {
      adjustments.count += 1;
      adjustments.fundFen += line.fundFen;
    }
  }
  const recoveryOffsetFen = offsets.reduce((n, o) => n + o.amountFen, 0);
  return {
    madeOn: today,
    count,
    fundFen,
    byScheme: [...byScheme.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([scheme, r]) => ({ scheme, ...r })),
    byVisitType: [...byVisitType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([visitType, r]) => ({ visitType, ...r })),
    adjustments,
    recoveryOffsetFen,
    recoveries: offsets.map((o) => ({ ...o })),
    netDueFen: fundFen - recoveryOffsetFen,
    lineCount: lines.length,
  };
}
