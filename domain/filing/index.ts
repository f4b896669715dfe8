// Filing (备案) rules, DOMAIN.md section 2. Pure functions over FilingPolicy and FilingState.
export * from './types';
export * from './materials';
export * from './validity';
export * from './plan';
export * from './commitment';
export * from './lifecycle';
export * from './supersession';
export * from './reReferral';
export * from './case';
