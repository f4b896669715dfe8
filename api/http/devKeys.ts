// The dev API keys of the contract (docs/API.md): seeded by the API only when SEED_DEV_KEYS=true
// (embedded dev stack and tests), printed by `npm start`, used by tests. Never valid in
// production. A HOSPITAL key belongs to one institution (H-4).
import type { AgencyRole } from '../../models/apiKey';

export interface DevKey {
  key: string;
  role: AgencyRole;
  region: string | null;
  /** HOSPITAL keys only: the institution the key acts for. */
  hospitalId: string | null;
  label: string;
}

const devKey = (key: string, role: AgencyRole, region: string | null, label: string, hospitalId: string | null = null): DevKey => ({
  key,
  role,
  region,
  hospitalId,
  label,
});

/** By a short name tests and scripts use, e.g. DEV_API_KEYS.clerk440800.key. */
export const DEV_API_KEYS = {
  clerk440800: devKey('dev-440800-clerk', 'INSURED_CLERK', '440800', 'Zhanjiang insured-region clerk (dev)'),
  clerk220000: devKey('dev-220000-clerk', 'INSURED_CLERK', '220000', 'Jilin insured-region clerk (dev)'),
  clerk220100: devKey('dev-220100-clerk', 'INSURED_CLERK', '220100', 'Changchun insured-region clerk, under the 220000 policy (dev)'),
  agency110000: devKey('dev-110000-agency', 'TREATMENT_AGENCY', '110000', 'Beijing treatment-region agency (dev)'),
  agency310000: devKey('dev-310000-agency', 'TREATMENT_AGENCY', '310000', 'Shanghai treatment-region agency (dev)'),
  hospital110000: devKey('dev-110000-hospital', 'HOSPITAL', '110000', '北京协和医院 settlement counter (dev)', 'H110000001'),
  hospital110000Level2: devKey('dev-110000-hospital-2', 'HOSPITAL', '110000', '北京市隆福医院 settlement counter (dev)', 'H110000002'),
  hospital110000Level1: devKey('dev-110000-hospital-1', 'HOSPITAL', '110000', 'Beijing level-1 institution counter (dev)', 'H110000005'),
  hospital310000: devKey('dev-310000-hospital', 'HOSPITAL', '310000', '复旦大学附属中山医院 settlement counter (dev)', 'H310000001'),
  admin: devKey('dev-admin', 'ADMIN', null, 'Administrator (dev)'),
} as const satisfies Record<string, DevKey>;

export const DEV_KEYS: readonly DevKey[] = Object.values(DEV_API_KEYS);
