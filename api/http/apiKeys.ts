// Key handling: hash, look up (with a short cache, since every request authenticates), seed
// the dev keys of API.md, and create production keys from the admin command.
import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { apiKeyModel, type AgencyRole } from '../../models/apiKey';
import { DEV_KEYS } from './devKeys';

export interface Principal {
  agencyId: string;
  role: AgencyRole;
  region: string | null;
  /** HOSPITAL keys: the institution the caller acts for (H-4); null for other roles. */
  hospitalId: string | null;
  /** E-2: which key acted (the first characters of its hash: names the key, reveals nothing). */
  keyId?: string;
  /** E-2: the person at the counter, when the caller names one (X-User-Id header). */
  userId?: string | null;
}

/** E-2: the audit trail's name for a key. */
export function keyIdOf(keyHash: string): string {
  return `key:${keyHash.slice(0, 12)}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A hospital acts as its institution (H-4); other roles as their region's agency. */
export function agencyIdFor(role: AgencyRole, region: string | null, hospitalId: string | null = null): string {
  if (hospitalId) return `${role}:${hospitalId}`;
  return region ? `${role}:${region}` : role;
}

export async function createApiKey(
  connection: mongoose.Connection,
  input: { role: AgencyRole; region: string | null; hospitalId?: string | null; label: string; key?: string },
): Promise<{ key: string; agencyId: string }> {
  const key = input.key ?? `sk_${randomBytes(24).toString('base64url')}`;
  const hospitalId = input.hospitalId ?? null;
  const agencyId = agencyIdFor(input.role, input.region, hospitalId);
  await apiKeyModel(connection).updateOne(
    { keyHash: hashApiKey(key) },
    {
      $setOnInsert: {
        keyHash: hashApiKey(key),
        prefix: key.slice(0, 8),
        agencyId,
        role: input.role,
        region: input.region,
        hospitalId,
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
  // Keys seeded before hospital keys were bound to institutions are replaced by the bound ones.
  await apiKeyModel(connection).deleteMany({
    keyHash: { $in: DEV_KEYS.map((d) => hashApiKey(d.key)) },
    role: 'HOSPITAL',
    hospitalId: null,
  });
  for (const dev of DEV_KEYS) await createApiKey(connection, dev);
}

/** Bumped when an admin disables a key: every resolver of this process forgets what it cached. */
let keyCacheEpoch = 0;
export function forgetCachedApiKeys(): void {
  keyCacheEpoch += 1;
}

export class ApiKeyResolver {
  private readonly cache = new Map<string, { principal: Principal | null; until: number; epoch: number }>();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly ttlMs = 30_000,
  ) {}

  async resolve(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    const now = Date.now();
    if (cached && cached.until > now && cached.epoch === keyCacheEpoch) return cached.principal;
    const record = await apiKeyModel(this.connection).findOne({ keyHash: hash }).lean();
    const principal =
      record && !record.disabled
        ? {
            agencyId: record.agencyId,
            role: record.role,
            region: record.region,
            hospitalId: record.hospitalId ?? null,
            keyId: keyIdOf(hash),
          }
        : null;
    this.cache.set(hash, { principal, until: now + this.ttlMs, epoch: keyCacheEpoch });
    return principal;
  }
}
