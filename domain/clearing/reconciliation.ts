// P-2 (a) reconciliation 对账: the engine's lines of a clearing against the treatment region's
// list of the same period, line by line. Matched lines need nothing; every difference (only
// ours, only theirs, amounts differ) becomes an exception a clerk resolves, never dropped.
import type { ClearingException, ClearingLine, ExceptionKind, ReconciliationSummary } from './types';
import type { IsoDate } from '../time';

export interface Comparison {
  matched: ClearingLine[];
  exceptions: ClearingException[];
  summary: Omit<ReconciliationSummary, 'reconciledOn' | 'carriedIn'>;
}

export function exceptionIdOf(lineId: string, carriedFrom?: string): string {
  return carriedFrom ? `X-${lineId}@${carriedFrom}` : `X-${lineId}`;
}

function exceptionOf(kind: ExceptionKind, ours: ClearingLine | undefined, theirs: ClearingLine | undefined): ClearingException {
  const line = (ours ?? theirs)!;
  return {
    id: exceptionIdOf(line.lineId),
    kind,
    lineId: line.lineId,
    settlementId: line.settlementId,
    lineKind: line.kind,
    ...(ours ? { oursFen: ours.fundFen } : {}),
    ...(theirs ? { theirsFen: theirs.fundFen } : {}),
    scheme: line.scheme,
    visitType: line.visitType,
    hospitalId: line.hospitalId,
  };
}

/** Compares by line id; a line listed twice on one side is a difference too (the second copy is only theirs/ours). */
export function compareLines(ours: readonly ClearingLine[], theirs: readonly ClearingLine[]): Comparison {
  const theirsById = new Map<string, ClearingLine>();
  const exceptions: ClearingException[] = [];
  for (const t of theirs) {
    if (theirsById.has(t.lineId)) exceptions.push({ ...exceptionOf('ONLY_THEIRS', undefined, t), id: exceptionIdOf(`${t.lineId}#dup`) });
    else theirsById.set(t.lineId, t);
  }
  const matched: ClearingLine[] = [];
  const seen = new Set<string>();
  for (const o of ours) {
    if (seen.has(o.lineId)) continue;
    seen.add(o.lineId);
    const t = theirsById.get(o.lineId);
    if (!t) exceptions.push(exceptionOf('ONLY_OURS', o, undefined));
    else if (t.fundFen !== o.fundFen) exceptions.push(exceptionOf('AMOUNT_DIFFERS', o, t));
    else matched.push(o);
  }
  for (const t of theirsById.values()) if (!seen.has(t.lineId)) exceptions.push(exceptionOf('ONLY_THEIRS', undefined, t));
  exceptions.sort((a, b) => a.id.localeCompare(b.id));
  const count = (k: ExceptionKind) => exceptions.filter((e) => e.kind === k).length;
  return {
    matched,
    exceptions,
    summary: {
      ourCount: seen.size,
      ourFundFen: ours.reduce((n, l) => n + l.fundFen, 0),
      theirCount: theirs.length,
      theirFundFen: theirs.reduce((n, l) => n + l.fundFen, 0),
      matched: matched.length,
      onlyOurs: count('ONLY_OURS'),
      onlyTheirs: count('ONLY_THEIRS'),
      amountDiffers: count('AMOUNT_DIFFERS'),
    },
  };
}

/**
 * What a resolved exception puts into the statement: the line with the amount decided, or null
 * (not owed in this period: the side that has no line was accepted, or it was deferred).
 */
export function lineOfResolved(e: ClearingException): Pick<ClearingLine, 'lineId' | 'kind' | 'fundFen' | 'scheme' | 'visitType'> | null {
  const decision = e.resolution?.decision;
  if (!decision || decision === 'DEFER') return null;
  const fundFen = decision === 'ACCEPT_OURS' ? e.oursFen : e.theirsFen;
  if (fundFen === undefined) return null;
  return { lineId: e.lineId, kind: e.lineKind, fundFen, scheme: e.scheme, visitType: e.visitType };
}

/** Carried into a later clearing (DEFER): the same difference, open again, named by where it came from. */
export function carriedException(e: ClearingException, fromClearingId: string): ClearingException {
  const { resolution: _resolution, ...rest } = e;
  void _resolution;
  return { ...rest, id: exceptionIdOf(e.lineId, fromClearingId), carriedFrom: fromClearingId };
}

export function reconciliationSummary(c: Comparison, carriedIn: number, today: IsoDate): ReconciliationSummary {
  return { ...c.summary, carriedIn, reconciledOn: today };
}
