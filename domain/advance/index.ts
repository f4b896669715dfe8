export * from './types';
export * from './usage';
export * from './lifecycle';
