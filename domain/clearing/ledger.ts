// P-1, P-4: every movement of the advance fund and of a clearing (grant, top-up, statement,
// recovery offset, payment, bank fee, interest) is one debit and one credit of the same amount,
// with deterministic entry ids (<movementId>:D|C), so writing a movement again changes nothing
// and the books always balance (the same rules as the recovery ledger, RC-4).
import {
  adminExpenseAccountOf,
  advanceAccountOf,
  advanceHoldingAccountOf,
  agencyBankAccountOf,
  clearingCostAccountOf,
  fundAccountOf,
  interestIncomeAccountOf,
  payableAccountOf,
} from './accounts';

export type ClearingLedgerStep = 'GRANT' | 'TOP_UP' | 'STATEMENT' | 'OFFSET' | 'PAYMENT' | 'BANK_FEE' | 'INTEREST';

export interface ClearingMovement {
  /** Unique per movement; the two legs are <movementId>:D and <movementId>:C. */
  movementId: string;
  /** The case that booked it: ADV-<insured>-<treatment> or CLR-<insured>-<treatment>-<period>. */
  caseId: string;
  insuredRegion: string;
  treatmentRegion: string;
  step: ClearingLedgerStep;
  debitAccount: string;
  creditAccount: string;
  amountFen: number;
  bookedOn: string;
  memo: string;
}

export interface ClearingLedgerEntryInput extends Omit<ClearingMovement, 'debitAccount' | 'creditAccount'> {
  entryId: string;
  side: 'DEBIT' | 'CREDIT';
  account: string;
}

export function movementLegs(m: ClearingMovement): [ClearingLedgerEntryInput, ClearingLedgerEntryInput] {
  if (!Number.isInteger(m.amountFen) || m.amountFen <= 0)
    throw new RangeError(`a movement needs a positive whole fen amount, got ${m.amountFen}`);
  if (m.debitAccount === m.creditAccount) throw new RangeError(`a movement needs two different accounts, got ${m.debitAccount} twice`);
  const { debitAccount, creditAccount, ...rest } = m;
  return [
    { ...rest, entryId: `${m.movementId}:D`, side: 'DEBIT', account: debitAccount },
    { ...rest, entryId: `${m.movementId}:C`, side: 'CREDIT', account: creditAccount },
  ];
}

interface Pair {
  insuredRegion: string;
  treatmentRegion: string;
}

type MovementInput = Pair & { caseId: string; amountFen: number; bookedOn: string };

/** The movement of `amountFen`, sides swapped when the amount is negative (a correction back), or null for 0. */
function signed(base: Omit<ClearingMovement, 'debitAccount' | 'creditAccount'>, debit: string, credit: string): ClearingMovement | null {
  if (base.amountFen === 0) return null;
  return base.amountFen > 0
    ? { ...base, debitAccount: debit, creditAccount: credit }
    : { ...base, amountFen: -base.amountFen, debitAccount: credit, creditAccount: debit };
}

/** P-1: the year's quota advanced from the insured fund (a change of quota books the difference). */
export function grantMovement(m: MovementInput & { year: number; seq: number }): ClearingMovement | null {
  return signed(
    {
      movementId: `${m.caseId}:GRANT:${m.year}:${m.seq}`,
      caseId: m.caseId,
      insuredRegion: m.insuredRegion,
      treatmentRegion: m.treatmentRegion,
      step: 'GRANT',
      amountFen: m.amountFen,
      bookedOn: m.bookedOn,
      memo: `P-1 advance quota ${m.year} (change ${m.seq})`,
    },
    advanceAccountOf(m.insuredRegion, m.treatmentRegion),
    fundAccountOf(m.insuredRegion),
  );
}

/** P-1, P-5: a top-up of the advance from the insured fund. */
export function topUpMovement(m: MovementInput & { topUpId: string }): ClearingMovement {
  return signed(
    {
      movementId: `${m.caseId}:TOP_UP:${m.topUpId}`,
      caseId: m.caseId,
      insuredRegion: m.insuredRegion,
      treatmentRegion: m.treatmentRegion,
      step: 'TOP_UP',
      amountFen: m.amountFen,
      bookedOn: m.bookedOn,
      memo: `P-5 advance top-up ${m.topUpId}`,
    },
    advanceAccountOf(m.insuredRegion, m.treatmentRegion),
    fundAccountOf(m.insuredRegion),
  )!;
}

type ClearingStepInput = MovementInput;

const clearingBase = (m: ClearingStepInput, step: ClearingLedgerStep, memo: string) => ({
  movementId: `${m.caseId}:${step}`,
  caseId: m.caseId,
  insuredRegion: m.insuredRegion,
  treatmentRegion: m.treatmentRegion,
  step,
  amountFen: m.amountFen,
  bookedOn: m.bookedOn,
  memo,
});

/** P-2 c: the statement's fund becomes a cost of the fund, payable to the treatment region. */
export const statementMovement = (m: ClearingStepInput): ClearingMovement | null =>
  signed(
    clearingBase(m, 'STATEMENT', 'P-2 clearing statement applied'),
    clearingCostAccountOf(m.insuredRegion, m.treatmentRegion),
    payableAccountOf(m.insuredRegion, m.treatmentRegion),
  );

/** RC-3: recovered money offset against this clearing lowers both the cost and what is payable. */
export const offsetMovement = (m: ClearingStepInput): ClearingMovement | null =>
  signed(
    clearingBase(m, 'OFFSET', 'RC-3 recovered money offset against the clearing'),
    payableAccountOf(m.insuredRegion, m.treatmentRegion),
    clearingCostAccountOf(m.insuredRegion, m.treatmentRegion),
  );

/** P-2 d: the net due paid from the insured fund. */
export const paymentMovement = (m: ClearingStepInput): ClearingMovement | null =>
  signed(
    clearingBase(m, 'PAYMENT', 'P-2 clearing paid'),
    payableAccountOf(m.insuredRegion, m.treatmentRegion),
    fundAccountOf(m.insuredRegion),
  );

/** P-4: a bank fee is the agency's administrative expense, paid from its own account, never the fund. */
export const bankFeeMovement = (m: ClearingStepInput): ClearingMovement | null =>
  signed(
    clearingBase(m, 'BANK_FEE', 'P-4 bank fee: administrative expense, not the fund'),
    adminExpenseAccountOf(m.insuredRegion),
    agencyBankAccountOf(m.insuredRegion),
  );

/** P-4: interest on the advance accrues to the treatment region. */
export const interestMovement = (m: ClearingStepInput): ClearingMovement | null =>
  signed(
    clearingBase(m, 'INTEREST', 'P-4 interest on the advance accrues to the treatment region'),
    advanceHoldingAccountOf(m.treatmentRegion),
    interestIncomeAccountOf(m.treatmentRegion),
  );

export interface ClearingBalance {
  debitFen: number;
  creditFen: number;
  balanced: boolean;
  byAccount: Record<string, number>;
  byCase: Record<string, { debitFen: number; creditFen: number; balanced: boolean }>;
  brokenMovements: string[];
}

type EntryLike = Pick<ClearingLedgerEntryInput, 'movementId' | 'caseId' | 'side' | 'account' | 'amountFen'>;

/** Debits equal credits overall and per case, and every movement has exactly its two equal legs. */
export function clearingLedgerBalance(entries: readonly EntryLike[]): ClearingBalance {
  let debitFen = 0;
  let creditFen = 0;
  const byAccount: Record<string, number> = {};
  const byCase: ClearingBalance['byCase'] = {};
  const legs = new Map<string, { d: number[]; c: number[] }>();
  for (const e of entries) {
    const c = (byCase[e.caseId] ??= { debitFen: 0, creditFen: 0, balanced: true });
    const m = legs.get(e.movementId) ?? { d: [], c: [] };
    legs.set(e.movementId, m);
    const sign = e.side === 'DEBIT' ? 1 : -1;
    byAccount[e.account] = (byAccount[e.account] ?? 0) + sign * e.amountFen;
    if (e.side === 'DEBIT') {
      debitFen += e.amountFen;
      c.debitFen += e.amountFen;
      m.d.push(e.amountFen);
    } else {
      creditFen += e.amountFen;
      c.creditFen += e.amountFen;
      m.c.push(e.amountFen);
    }
  }
  const brokenMovements = [...legs.entries()]
    .filter(([, m]) => m.d.length !== 1 || m.c.length !== 1 || m.d[0] !== m.c[0])
    .map(([id]) => id)
    .sort();
  for (const c of Object.values(byCase)) c.balanced = c.debitFen === c.creditFen;
  const balanced = debitFen === creditFen && brokenMovements.length === 0 && Object.values(byCase).every((c) => c.balanced);
  return { debitFen, creditFen, balanced, byAccount, byCase, brokenMovements };
}
