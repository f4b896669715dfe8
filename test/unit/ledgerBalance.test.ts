import fc from 'fast-check';
import { ledgerBalance, movementEntries, type Movement } from '../../domain/recovery/ledger';

const origin = { type: 'INQUIRY' as const, id: 'INQ-1' };

function movement(recoveryId: string, step: Movement['step'], amountFen: number): Movement {
  return step === 'COLLECT'
    ? {
        recoveryId,
        step,
        debitAccount: 'COLLECTION-110000',
        creditAccount: 'RECEIVABLE-H1',
        amountFen,
        origin,
        bookedOn: '2026-03-01',
        memo: '',
      }
    : {
        recoveryId,
        step,
        debitAccount: 'FUND-220000-EMPLOYEE',
        creditAccount: 'COLLECTION-110000',
        amountFen,
        origin,
        bookedOn: '2026-03-01',
        memo: '',
      };
}

describe('RC-4 double-entry ledger rules', () => {
  it('RC-4: a movement is one debit and one credit with deterministic ids naming its origin', () => {
    const [debit, credit] = movementEntries(movement('REC-INQ-1', 'TRANSFER', 120_000));
    expect(debit).toMatchObject({
      entryId: 'REC-INQ-1:TRANSFER:D',
      side: 'DEBIT',
      account: 'FUND-220000-EMPLOYEE',
      amountFen: 120_000,
      origin,
    });
    expect(credit).toMatchObject({ entryId: 'REC-INQ-1:TRANSFER:C', side: 'CREDIT', account: 'COLLECTION-110000', amountFen: 120_000 });
    expect(debit.movementId).toBe(credit.movementId);
  });

  it('RC-4: refuses a movement that could not balance', () => {
    expect(() => movementEntries(movement('R', 'COLLECT', 0))).toThrow(RangeError);
    expect(() => movementEntries(movement('R', 'COLLECT', 1.5))).toThrow(RangeError);
    expect(() => movementEntries({ ...movement('R', 'COLLECT', 1), creditAccount: 'COLLECTION-110000' })).toThrow(RangeError);
  });

  it('RC-4: a full recovery (collect + transfer) balances; the collection account nets to 0 and the fund gains the amount', () => {
    const entries = [...movementEntries(movement('R1', 'COLLECT', 500)), ...movementEntries(movement('R1', 'TRANSFER', 500))];
    const b = ledgerBalance(entries);
    expect(b).toMatchObject({ debitFen: 1000, creditFen: 1000, balanced: true, brokenMovements: [] });
    expect(b.byAccount).toEqual({ 'COLLECTION-110000': 0, 'RECEIVABLE-H1': -500, 'FUND-220000-EMPLOYEE': 500 });
    expect(b.byRecovery.R1).toEqual({ debitFen: 1000, creditFen: 1000, balanced: true });
  });

  it('RC-4: a missing leg is caught and named', () => {
    const [debit] = movementEntries(movement('R1', 'TRANSFER', 500));
    const b = ledgerBalance([...movementEntries(movement('R1', 'COLLECT', 500)), debit]);
    expect(b.balanced).toBe(false);
    expect(b.byRecovery.R1.balanced).toBe(false);
    expect(b.brokenMovements).toEqual(['R1:TRANSFER']);
  });

  it('RC-4: a leg written twice (no unique key) is caught too', () => {
    const [debit, credit] = movementEntries(movement('R1', 'TRANSFER', 500));
    const b = ledgerBalance([debit, credit, debit, credit]);
    expect(b.debitFen).toBe(b.creditFen); // totals alone would not see it
    expect(b.balanced).toBe(false);
    expect(b.brokenMovements).toEqual(['R1:TRANSFER']);
  });

  it('RC-4: any set of complete movements balances per recovery and overall (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('R1', 'R2', 'R3'),
            fc.constantFrom<Movement['step']>('COLLECT', 'TRANSFER'),
            fc.integer({ min: 1, max: 10_000_000 }),
          ),
          {
            maxLength: 30,
          },
        ),
        (specs) => {
          const seen = new Set<string>();
          const entries = specs
            .filter(([r, s]) => !seen.has(`${r}:${s}`) && seen.add(`${r}:${s}`))
            .flatMap(([r, s, a]) => movementEntries(movement(r, s, a)));
          const b = ledgerBalance(entries);
          return (
            b.balanced &&
            Object.values(b.byRecovery).every((l) => l.balanced) &&
            Object.values(b.byAccount).reduce((x, y) => x + y, 0) === 0
          );
        },
      ),
    );
  });
});
