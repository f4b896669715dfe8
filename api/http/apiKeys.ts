// Key handling: hash, look up (with a short cache, since every request authenticates), seed
// the dev keys of API.md, and create production keys from the admin command.
import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { apiKeyModel, type AgencyRole } from '../../models/apiKey';

export interface Principal {
  agencyId: string;
  role: AgencyRole;
  region: string | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The dev keys of API.md; seeded only when SEED_DEV_KEYS is true (embedded stack, tests). */
export const DEV_KEYS: ReadonlyArray<{ key: string; role: AgencyRole; region: string | null; label: string }> = [
  { key: 'dev-440800-clerk', role: 'INSURED_CLERK', region: '440800', label: 'Zhanjiang insured-region clerk (dev)' },
  { key: 'dev-220000-clerk', role: 'INSURED_CLERK', region: '220000', label: 'Jilin insured-region clerk (dev)' },
  { key: 'dev-110000-agency', role: 'TREATMENT_AGENCY', region: '110000', label: 'Beijing treatment-region agency (dev)' },
  { key: 'dev-310000-agency', role: 'TREATMENT_AGENCY', region: '310000', label: 'Shanghai treatment-region agency (dev)' },
  { key: 'dev-110000-hospital', role: 'HOSPITAL', region: '110000', label: 'Beijing hospital front-end (dev)' },
  { key: 'dev-admin', role: 'ADMIN', region: null, label: 'Administrator (dev)' },
];

export function agencyIdFor(role: AgencyRole, region: string | null): string {
  return region ? `${role}:${region}` : role;
}

export async function createApiKey(
  connection: mongoose.Connection,
  input: { role: AgencyRole; region: string | null; label: string; key?: string },
): Promise<{ key: string; agencyId: string }> {
  const key = input.key ?? `sk_${randomBytes(24).toString('base64url')}`;
  const agencyId = agencyIdFor(input.role, input.region);
  await apiKeyModel(connection).updateOne(
    { keyHash: hashApiKey(key) },
    {
      $setOnInsert: {
        keyHash: hashApiKey(key),
        prefix: key.slice(0, 8),
        agencyId,
        role: input.role,
        region: input.region,
        label: input.label,
        disabled: false,
        createdAt: new Date(),
      },
    },
    { upsert: true },
  );
  return { key, agencyId };
}

export async function seedDevKeys(connection: mongoose.Connection): Promise<void> {
  for (const dev of DEV_KEYS) await createApiKey(connection, dev);
}

export class ApiKeyResolver {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly ttlMs = 30_000,
  ) {}

  async resolve(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    const now = Date.now();
    if (cached && cached.until > now) return cached.principal;
    const record = await apiKeyModel(this.connection).findOne({ keyHash: hash }).lean();
    const principal = record && !record.disabled ? { agencyId: record.agencyId, role: record.role, region: record.region } : null;
    this.cache.set(hash, { principal, until: now + this.ttlMs });
    return principal;
  }
}
