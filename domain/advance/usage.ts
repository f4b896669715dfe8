// P-5 usage = fund paid by direct settlements not yet cleared / advance balance, and its alert
// lines (section 9: yellow from 70%, red from 90%).
import type { AlertLevel, AdvanceTerms } from './types';

/** Percent with two decimals, rounded down (an alert line is crossed only when truly reached). */
export function usagePercentOf(outstandingFen: number, balanceFen: number): number {
  if (outstandingFen <= 0) return 0;
  if (balanceFen <= 0) return 100 * 100; // nothing advanced yet everything used: far past every line
  return Math.floor((outstandingFen * 10_000) / balanceFen) / 100;
}

export function alertOf(usagePercent: number, terms: Pick<AdvanceTerms, 'yellowPercent' | 'redPercent'>): AlertLevel {
  if (usagePercent >= terms.redPercent) return 'RED';
  if (usagePercent >= terms.yellowPercent) return 'YELLOW';
  return 'NONE';
}

/** ADV-<insured>-<treatment>: the pair's advance case (one per pair, across years). */
export const advanceIdOf = (insuredRegion: string, treatmentRegion: string): string => `ADV-${insuredRegion}-${treatmentRegion}`;

/** TOPUP-<insured>-<treatment>-<n>: the n-th emergency top-up request of the pair. */
export const topUpRequestIdOf = (insuredRegion: string, treatmentRegion: string, seq: number): string =>
  `TOPUP-${insuredRegion}-${treatmentRegion}-${seq}`;
