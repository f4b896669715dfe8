// S-5, S-8 books check: every annual accumulator chain is consistent with itself (gapless, each
// charge's running totals = the previous totals + what it added) and equals the sum of what its
// non-reversed settlements say they took. A reversal is a charge of its own that gives back
// exactly its settlement's amounts, so both sides agree once it is written.

export interface ChargeLine {
  keyId: string;
  seq: number;
  settlementId: string;
  deductibleFen: number;
  fundFen: number;
  deductibleUsedFen: number;
  fundPaidFen: number;
}

export interface SettlementLine {
  settlementId: string;
  accumulatorKeyId: string;
  /** What the settlement added to its accumulator (its body's `accumulator`). */
  deductibleFen: number;
  fundFen: number;
  reversed: boolean;
}

/** Every difference found, in a stable order; empty when the books balance. */
export function accumulatorDifferences(charges: readonly ChargeLine[], settlements: readonly SettlementLine[]): string[] {
  const problems: string[] = [];
  const chains = new Map<string, ChargeLine[]>();
  for (const c of charges) chains.set(c.keyId, [...(chains.get(c.keyId) ?? []), c]);
  const owed = new Map<string, { deductibleFen: number; fundFen: number }>();
  for (const s of settlements) {
    if (s.reversed) continue;
    const sum = owed.get(s.accumulatorKeyId) ?? { deductibleFen: 0, fundFen: 0 };
    owed.set(s.accumulatorKeyId, { deductibleFen: sum.deductibleFen + s.deductibleFen, fundFen: sum.fundFen + s.fundFen });
  }
  for (const keyId of [...new Set([...chains.keys(), ...owed.keys()])].sort()) {
    const chain = [...(chains.get(keyId) ?? [])].sort((a, b) => a.seq - b.seq);
    let deductible = 0;
    let fund = 0;
    chain.forEach((c, i) => {
      if (c.seq !== i + 1) problems.push(`${keyId}: charge ${c.seq} where ${i + 1} was expected (a gap)`);
      deductible += c.deductibleFen;
      fund += c.fundFen;
      if (c.deductibleUsedFen !== deductible || c.fundPaidFen !== fund) {
        problems.push(
          `${keyId}#${c.seq}: running totals ${c.deductibleUsedFen}/${c.fundPaidFen} fen, the charges sum to ${deductible}/${fund}`,
        );
      }
    });
    const expected = owed.get(keyId) ?? { deductibleFen: 0, fundFen: 0 };
    if (expected.deductibleFen !== deductible || expected.fundFen !== fund) {
      problems.push(
        `${keyId}: accumulator ${deductible}/${fund} fen (deductible/fund), its non-reversed settlements ${expected.deductibleFen}/${expected.fundFen}`,
      );
    }
  }
  return problems;
}
