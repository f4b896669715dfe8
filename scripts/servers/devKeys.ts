// The dev API keys of API.md: seeded by the API when SEED_DEV_KEYS=true (embedded dev stack and
// tests), printed by `npm start`, used by tests. Never valid in production.
export const DEV_API_KEYS = {
  clerk440800: { key: 'dev-440800-clerk', role: 'INSURED_CLERK', region: '440800' },
  clerk220000: { key: 'dev-220000-clerk', role: 'INSURED_CLERK', region: '220000' },
  agency110000: { key: 'dev-110000-agency', role: 'TREATMENT_AGENCY', region: '110000' },
  agency310000: { key: 'dev-310000-agency', role: 'TREATMENT_AGENCY', region: '310000' },
  hospital110000: { key: 'dev-110000-hospital', role: 'HOSPITAL', region: '110000' },
  admin: { key: 'dev-admin', role: 'ADMIN', region: undefined },
} as const;
