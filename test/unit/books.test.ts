// The books check's rules (S-5, S-8): an accumulator chain must be gapless, its running totals
// the sum of its charges, and those equal to what its non-reversed settlements took.
import { accumulatorDifferences, type ChargeLine, type SettlementLine } from '../../domain/books/accumulators';

const K = 'P:EMPLOYEE:2026:OUTPATIENT';
const charge = (seq: number, settlementId: string, deductibleFen: number, fundFen: number, used: number, paid: number): ChargeLine => ({
  keyId: K,
  seq,
  settlementId,
  deductibleFen,
  fundFen,
  deductibleUsedFen: used,
  fundPaidFen: paid,
});
const settled = (settlementId: string, deductibleFen: number, fundFen: number, reversed = false): SettlementLine => ({
  settlementId,
  accumulatorKeyId: K,
  deductibleFen,
  fundFen,
  reversed,
});

describe('S-5, S-8: accumulator books', () => {
  it('S-5: two settlements charged once each balance', () => {
    expect(
      accumulatorDifferences(
        [charge(1, 'A', 100, 400, 100, 400), charge(2, 'B', 0, 500, 100, 900)],
        [settled('A', 100, 400), settled('B', 0, 500)],
      ),
    ).toEqual([]);
  });

  it('S-8: a reversed settlement and its giving-back charge balance', () => {
    const charges = [charge(1, 'A', 100, 400, 100, 400), charge(2, 'REV-A', -100, -400, 0, 0)];
    expect(accumulatorDifferences(charges, [settled('A', 100, 400, true)])).toEqual([]);
  });

  it.each([
    [
      'S-5: a settlement charged twice',
      [charge(1, 'A', 100, 400, 100, 400), charge(2, 'A2', 100, 400, 200, 800)],
      [settled('A', 100, 400)],
    ],
    ['S-8: a reversal whose charge is missing', [charge(1, 'A', 100, 400, 100, 400)], [settled('A', 100, 400, true)]],
    ['S-5: a charge whose settlement record is missing', [charge(1, 'A', 100, 400, 100, 400)], []],
    [
      'S-5: running totals that do not add up',
      [charge(1, 'A', 100, 400, 100, 400), charge(2, 'B', 0, 500, 100, 800)],
      [settled('A', 100, 400), settled('B', 0, 500)],
    ],
    [
      'S-5: a gap in the chain',
      [charge(1, 'A', 100, 400, 100, 400), charge(3, 'B', 0, 500, 100, 900)],
      [settled('A', 100, 400), settled('B', 0, 500)],
    ],
  ])('%s is a difference', (_label, charges, settlements) => {
    expect(accumulatorDifferences(charges, settlements).length).toBeGreaterThan(0);
  });
});
