// RC-2: a recovery order must match its source. An inquiry is recovered only once a VERIFIED_ISSUE
// answer is confirmed (I-3, I-5), and never for more than it disallowed; a commitment filing only
// once it lapsed (F-7), and never for more than the fund paid under the commitment. Audit and fraud
// cases are the ordering region's own records: the engine holds nothing to check them against.
import { DomainError } from '../errors/types';
import type { RecoverySource } from './types';

/** What the engine knows of the source case when a clerk orders its recovery. */
export type RecoverySourceFacts =
  | { type: 'INQUIRY'; status: string; result: string | null; disallowedFen: number }
  | { type: 'COMMITMENT'; status: string; recoveryObligationFen: number }
  | { type: 'AUDIT' | 'FRAUD' };

/** The most an order for this source may ask for (null: no limit the engine knows of). */
export function sourceAmountFen(facts: RecoverySourceFacts): number | null {
  if (facts.type === 'INQUIRY') return facts.disallowedFen;
  if (facts.type === 'COMMITMENT') return facts.recoveryObligationFen;
  return null;
}

/** RC-2: throws the catalogue error when the source does not (yet) establish the amount ordered. */
export function checkOrderAgainstSource(source: RecoverySource, facts: RecoverySourceFacts, amountFen: number): void {
  if (facts.type === 'INQUIRY' && (facts.status !== 'CONFIRMED' || facts.result !== 'VERIFIED_ISSUE')) {
    throw new DomainError('RECOVERY_SOURCE_NOT_CONFIRMED', { source, status: facts.status, result: facts.result });
  }
  if (facts.type === 'COMMITMENT' && facts.status !== 'LAPSED') {
    throw new DomainError('RECOVERY_SOURCE_NOT_LAPSED', { source, status: facts.status });
  }
  const maxAmountFen = sourceAmountFen(facts);
  if (maxAmountFen !== null && amountFen > maxAmountFen) {
    throw new DomainError('RECOVERY_AMOUNT_EXCEEDS_SOURCE', { source, amountFen, maxAmountFen });
  }
}
