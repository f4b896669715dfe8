// Key handling: hash, look up (with a short cache, since every request authenticates), seed
// the dev keys of API.md, and create production keys from the admin command.
import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { Types } from 'mongoose';
import { DomainError } from '../../domain/errors';
import { LRUCache } from 'lru-cache';
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
  const key = input.key ?? newSecret();
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

/** The dev keys are public (README, docs/API.md): never usable where NODE_ENV=production. */
export async function seedDevKeys(connection: mongoose.Connection, nodeEnv = 'development'): Promise<void> {
  if (nodeEnv === 'production') {
    throw new Error(
      'SEED_DEV_KEYS=true is refused when NODE_ENV=production: the dev keys are published; create keys with `npm run create-api-key` or POST /api/v1/admin/keys',
    );
  }
  // Keys seeded before hospital keys were bound to institutions are replaced by the bound ones.
  await apiKeyModel(connection).deleteMany({
    keyHash: { $in: DEV_KEYS.map((d) => hashApiKey(d.key)) },
    role: 'HOSPITAL',
    hospitalId: null,
  });
  for (const dev of DEV_KEYS) await createApiKey(connection, dev);
}

/**
 * At start in production: any dev key present (a database copied from a dev stack, a seed run by
 * mistake) is disabled, so its published secret opens nothing. Answers how many were disabled.
 */
export async function disableDevKeysInProduction(connection: mongoose.Connection, nodeEnv: string): Promise<number> {
  if (nodeEnv !== 'production') return 0;
  const result = await apiKeyModel(connection).updateMany(
    { keyHash: { $in: DEV_KEYS.map((d) => hashApiKey(d.key)) }, disabled: false },
    { $set: { disabled: true } },
  );
  return result.modifiedCount;
}

/** Bumped when an admin disables or rotates a key: every resolver of this process forgets what it cached. */
let keyCacheEpoch = 0;
export function forgetCachedApiKeys(): void {
  keyCacheEpoch += 1;
}

/**
 * Every request authenticates, so a key once looked up is kept in a bounded LRU (at most
 * `max` keys, each for `ttlMs`). Disable and rotate must take effect at once in every API
 * process, which a cache could delay: in the process that changed the key the cache is dropped
 * at once (forgetCachedApiKeys); other processes have no channel to hear of it, so the TTL is
 * what bounds their delay. It is short (API_KEY_CACHE_TTL_MS, 1 s by default) rather than
 * paired with a revocation poll: a hot key then costs one indexed read per second per process,
 * which is nothing next to its traffic, and no second mechanism can fall out of step.
 * A key the database does not know (or knows disabled) is never cached: a flood of made-up keys
 * cannot grow the cache or push real keys out of it (the per-address rate limit bounds its reads).
 */
export class ApiKeyResolver {
  private readonly cache: LRUCache<string, Principal>;
  private epoch = keyCacheEpoch;

  constructor(
    private readonly connection: mongoose.Connection,
    ttlMs = 1000,
    max = 10_000,
  ) {
    this.cache = new LRUCache<string, Principal>({ max, ttl: ttlMs, ttlAutopurge: false });
  }

  /** Keys held now (tests: unknown keys must not grow it). */
  get size(): number {
    return this.cache.size;
  }

  async resolve(key: string): Promise<Principal | null> {
    if (this.epoch !== keyCacheEpoch) {
      this.cache.clear();
      this.epoch = keyCacheEpoch;
    }
    const hash = hashApiKey(key);
    const cached = this.cache.get(hash);
    if (cached) return cached;
    const record = await apiKeyModel(this.connection).findOne({ keyHash: hash }).lean();
    if (!record || record.disabled) return null;
    const principal: Principal = {
      agencyId: record.agencyId,
      role: record.role,
      region: record.region,
      hospitalId: record.hospitalId ?? null,
      keyId: keyIdOf(hash),
    };
    this.cache.set(hash, principal);
    return principal;
  }
}

function newSecret(): string {
  return `sk_${randomBytes(24).toString('base64url')}`;
}

/** The stored key by its id (the admin list's id), or null. */
async function keyById(connection: mongoose.Connection, id: string) {
  if (!Types.ObjectId.isValid(id)) return null;
  return apiKeyModel(connection)
    .findOne({ _id: new Types.ObjectId(id) })
    .lean();
}

/**
 * Disables a key: refused from now on, in this process at once and in the others within
 * API_KEY_CACHE_TTL_MS. Answers the key as it was before, or null when there is none.
 */
export async function disableApiKey(connection: mongoose.Connection, id: string) {
  const before = await keyById(connection, id);
  if (!before) return null;
  if (!before.disabled) await apiKeyModel(connection).updateOne({ _id: before._id }, { $set: { disabled: true } });
  forgetCachedApiKeys();
  return before;
}

/**
 * Rotates a key: a new secret for the same key id, agency, role, region and institution; the old
 * secret is refused from now on (as for disable). The new secret is answered here only: only its
 * hash is stored. Two rotations at once: the second finds the hash changed and is refused.
 */
export async function rotateApiKey(connection: mongoose.Connection, id: string) {
  const before = await keyById(connection, id);
  if (!before) return null;
  const key = newSecret();
  const rotatedAt = new Date();
  const update = { keyHash: hashApiKey(key), prefix: key.slice(0, 8), rotatedAt };
  const changed = await apiKeyModel(connection).updateOne({ _id: before._id, keyHash: before.keyHash }, { $set: update });
  forgetCachedApiKeys();
  if (changed.matchedCount !== 1) throw new DomainError('API_KEY_CHANGED_CONCURRENTLY', { apiKeyId: id });
  return { before, key, rotatedAt, after: { ...before, ...update } };
}
