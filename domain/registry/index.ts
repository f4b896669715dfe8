// The designated-institution registry (DOMAIN.md H-1..H-4): status history and the checks a
// settlement makes against it. The static facts (level, networked, rights) are policy data:
// domain/policy/hospitals.ts.
export * from './status';
export * from './settlingInstitution';
