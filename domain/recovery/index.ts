export * from './types';
export * from './accounts';
export * from './schedule';
export * from './ledger';
export * from './reconciliation';
export * from './movements';
export * from './lifecycle';
export * from './sources';
