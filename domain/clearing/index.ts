export * from './types';
export * from './periods';
export * from './accounts';
export * from './ledger';
export * from './reconciliation';
export * from './statement';
export * from './lifecycle';
