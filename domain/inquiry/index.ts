export * from './types';
export * from './periods';
export * from './classification';
export * from './deadlines';
export * from './lifecycle';
export * from './terms';
