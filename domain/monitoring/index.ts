export * from './indicators';
export * from './caseFailures';
