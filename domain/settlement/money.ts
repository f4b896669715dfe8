// Fen arithmetic for S-2: "Money is integer fen, rounded half-up once per amount".
// Percentages carry at most two decimals (policy and bill schemas enforce it), so a percent is
// an exact integer count of hundredths and the product is computed in BigInt: no float error,
// no overflow for any safe-integer amount.

/** A percent (0-100, at most two decimals) as an exact integer number of hundredths. */
export function hundredths(percent: number): bigint {
  return BigInt(Math.round(percent * 100));
}

/** amountFen x percent / 100, rounded half-up to whole fen (amounts are never negative). */
export function percentOfHalfUp(amountFen: number, percent: number): number {
  return hundredthsOfHalfUp(amountFen, hundredths(percent));
}

/** The payable part of a B line: amount x (100 - selfShare)%, rounded half-up once (S-2). */
export function payablePartOfB(amountFen: number, selfSharePercent: number): number {
  return hundredthsOfHalfUp(amountFen, 10000n - hundredths(selfSharePercent));
}

function hundredthsOfHalfUp(amountFen: number, h: bigint): number {
  // amount * h / 10000, half-up: floor((2 * amount * h + 10000) / 20000).
  return Number((2n * BigInt(amountFen) * h + 10000n) / 20000n);
}

/** '8,700.00' for 870000 fen, for trace text a clerk can read out. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = BigInt(Math.abs(fen));
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${whole}.${cents}`;
}
