// Shared builders for the settlement tests. Amounts are written by hand in fen.
import type { Bill, FilingFacts, SettlementContext } from '../../domain/settlement';
import { DomainError } from '../../domain/errors';

/** A valid 18-character ID (check character correct per GB 11643). */
export const PERSON = '11010519491231002X';

/**
 * The worked-example lines (DOMAIN.md section 9): total 10,000.00 yuan, eligible 8,700.00.
 * A 6,000.00 + B 3,000.00 x 90% = 2,700.00; SELF 1,000.00 not payable.
 */
export const BIG_LINES: Bill['lines'] = [
  { code: 'A001', name: '床位费', class: 'A', amountFen: 600000 },
  { code: 'B001', name: '乙类药品', class: 'B', amountFen: 300000, selfSharePercent: 10 },
  { code: 'S001', name: '自费项目', class: 'SELF', amountFen: 100000 },
];

/** Small outpatient lines: total 350.00 yuan; eligible 200.00 + 100.00 x 80% = 280.00. */
export const SMALL_LINES: Bill['lines'] = [
  { code: 'A101', name: '诊查费', class: 'A', amountFen: 20000 },
  { code: 'B101', name: '乙类检查', class: 'B', amountFen: 10000, selfSharePercent: 20 },
  { code: 'S101', name: '自费药', class: 'SELF', amountFen: 5000 },
];

export function bill(overrides: Partial<Bill> = {}): Bill {
  return {
    personId: PERSON,
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '440800',
    treatmentRegion: '110000',
    hospitalId: 'H110000001',
    hospitalLevel: 3,
    visitType: 'INPATIENT',
    admissionDate: '2025-09-01',
    dischargeDate: '2025-09-10',
    lines: BIG_LINES,
    ...overrides,
  };
}

export function filing(overrides: Partial<FilingFacts> = {}): FilingFacts {
  return {
    id: 'FIL-1',
    type: 'OTHER_TEMPORARY',
    status: 'ACTIVE',
    validFrom: '2025-08-01',
    validUntil: '2026-01-31',
    ...overrides,
  };
}

export function context(f: FilingFacts | null, acc: Partial<SettlementContext['accumulator']> = {}): SettlementContext {
  return { filing: f, accumulator: { deductibleUsedFen: 0, fundPaidFen: 0, ...acc } };
}

/** Runs fn and returns the DomainError it throws (fails the test if it throws anything else). */
export function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
