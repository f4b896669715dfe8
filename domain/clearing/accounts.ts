// P-1, P-4: the accounts of the advance fund and the clearing ledger, one name per thing.
//  - the advance the insured region keeps with the treatment region, paid from the insured fund;
//  - the cost of cross-region settlements cleared, and what is payable to the treatment region;
//  - bank fees: the insured agency's administrative expense, paid from its own operating account,
//    never from the fund (P-4);
//  - interest on the advance: earned in the treatment region's account that holds it, and its own (P-4).
export const fundAccountOf = (insuredRegion: string): string => `FUND-${insuredRegion}`;
export const advanceAccountOf = (insuredRegion: string, treatmentRegion: string): string => `ADVANCE-${insuredRegion}-${treatmentRegion}`;
export const clearingCostAccountOf = (insuredRegion: string, treatmentRegion: string): string =>
  `CLEARING-COST-${insuredRegion}-${treatmentRegion}`;
export const payableAccountOf = (insuredRegion: string, treatmentRegion: string): string => `PAYABLE-${insuredRegion}-${treatmentRegion}`;
export const adminExpenseAccountOf = (insuredRegion: string): string => `ADMIN-EXPENSE-${insuredRegion}`;
export const agencyBankAccountOf = (insuredRegion: string): string => `AGENCY-BANK-${insuredRegion}`;
export const advanceHoldingAccountOf = (treatmentRegion: string): string => `ADVANCE-HOLDING-${treatmentRegion}`;
export const interestIncomeAccountOf = (treatmentRegion: string): string => `INTEREST-INCOME-${treatmentRegion}`;

/** True for an insured region's fund account: bank fees must never touch one (P-4). */
export const isFundAccount = (account: string): boolean => account.startsWith('FUND-');
