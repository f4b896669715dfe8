// Issue 14 item 5, on a stub database (no server): the key cache is a bounded LRU with a TTL that
// never holds a key the database does not know, a disable or rotate in this process drops it at
// once, and the published dev keys are refused in production.
import type mongoose from 'mongoose';
import { ApiKeyResolver, disableDevKeysInProduction, forgetCachedApiKeys, hashApiKey, seedDevKeys } from '../../api/http/apiKeys';
import { DEV_KEYS } from '../../api/http/devKeys';
import type { ApiKeyRecord } from '../../models/apiKey';

interface StubKeys {
  db: mongoose.Connection;
  /** keyHash -> record; the test adds and changes keys here. */
  stored: Map<string, ApiKeyRecord>;
  /** Every findOne the resolver sent, by key hash. */
  reads: string[];
  updates: Array<{ filter: any; update: any }>;
}

/** A connection whose ApiKey model answers from a map; any other use throws, naming it. */
function stubKeys(): StubKeys {
  const stored = new Map<string, ApiKeyRecord>();
  const reads: string[] = [];
  const updates: StubKeys['updates'] = [];
  const model = {
    findOne: (filter: { keyHash: string }) => {
      reads.push(filter.keyHash);
      return { lean: async () => (stored.has(filter.keyHash) ? { ...stored.get(filter.keyHash)! } : null) };
    },
    updateMany: async (filter: any, update: any) => {
      updates.push({ filter, update });
      return { modifiedCount: 2 };
    },
  };
  const models = new Proxy({ ApiKey: model } as Record<string, unknown>, {
    get: (target, name) => {
      if (name in target) return target[name as string];
      throw new Error(`the test touched model ${String(name)}`);
    },
  });
  const db = new Proxy({ models } as unknown as mongoose.Connection, {
    get: (target, prop) => {
      if (prop === 'models') return models;
      if (prop === 'then') return undefined;
      throw new Error(`the test touched db.${String(prop)}`);
    },
  });
  return { db, stored, reads, updates };
}

function keyRecord(key: string, overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    keyHash: hashApiKey(key),
    prefix: key.slice(0, 8),
    agencyId: 'INSURED_CLERK:440800',
    role: 'INSURED_CLERK',
    region: '440800',
    hospitalId: null,
    label: 'test',
    disabled: false,
    createdAt: new Date(),
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ApiKeyResolver: a bounded cache that unknown keys cannot grow', () => {
  it('E-1: thousands of made-up keys are refused and leave the cache empty; each is asked of the database', async () => {
    const s = stubKeys();
    const resolver = new ApiKeyResolver(s.db, 60_000, 100);
    for (let i = 0; i < 5000; i += 1) expect(await resolver.resolve(`sk_made_up_${i}`)).toBeNull();
    expect(resolver.size).toBe(0);
    expect(s.reads).toHaveLength(5000);

    // A real key resolves and is then held: one read for many requests.
    s.stored.set(hashApiKey('sk_real'), keyRecord('sk_real'));
    for (let i = 0; i < 50; i += 1) expect(await resolver.resolve('sk_real')).toMatchObject({ agencyId: 'INSURED_CLERK:440800' });
    expect(resolver.size).toBe(1);
    expect(s.reads.filter((h) => h === hashApiKey('sk_real'))).toHaveLength(1);
  });

  it('E-1: a disabled key is refused and never cached: enabling it in the database is seen on the next request', async () => {
    const s = stubKeys();
    const resolver = new ApiKeyResolver(s.db, 60_000, 100);
    s.stored.set(hashApiKey('sk_off'), keyRecord('sk_off', { disabled: true }));
    expect(await resolver.resolve('sk_off')).toBeNull();
    expect(resolver.size).toBe(0);
    s.stored.set(hashApiKey('sk_off'), keyRecord('sk_off'));
    expect(await resolver.resolve('sk_off')).not.toBeNull();
  });

  it('holds at most `max` keys, dropping the least recently used', async () => {
    const s = stubKeys();
    const resolver = new ApiKeyResolver(s.db, 60_000, 3);
    for (const k of ['sk_a', 'sk_b', 'sk_c', 'sk_d', 'sk_e']) s.stored.set(hashApiKey(k), keyRecord(k));
    for (const k of ['sk_a', 'sk_b', 'sk_c']) await resolver.resolve(k);
    await resolver.resolve('sk_a'); // most recently used now: sk_b is the oldest
    await resolver.resolve('sk_d');
    await resolver.resolve('sk_e');
    expect(resolver.size).toBe(3);
    const readsBefore = s.reads.length;
    await resolver.resolve('sk_a'); // kept
    expect(s.reads.length).toBe(readsBefore);
    await resolver.resolve('sk_b'); // dropped: read again
    expect(s.reads.length).toBe(readsBefore + 1);
  });

  it('trusts a cached key for the TTL only: a key disabled in the database (by another process) is refused after it', async () => {
    const s = stubKeys();
    const resolver = new ApiKeyResolver(s.db, 80, 100);
    s.stored.set(hashApiKey('sk_ttl'), keyRecord('sk_ttl'));
    expect(await resolver.resolve('sk_ttl')).not.toBeNull();
    s.stored.set(hashApiKey('sk_ttl'), keyRecord('sk_ttl', { disabled: true }));
    expect(await resolver.resolve('sk_ttl')).not.toBeNull(); // within the TTL: the cached answer
    await sleep(120);
    expect(await resolver.resolve('sk_ttl')).toBeNull();
    expect(resolver.size).toBe(0);
  });

  it("forgetCachedApiKeys (a disable or rotate in this process) drops every resolver's cache at once", async () => {
    const s = stubKeys();
    const one = new ApiKeyResolver(s.db, 60_000, 100);
    const two = new ApiKeyResolver(s.db, 60_000, 100);
    s.stored.set(hashApiKey('sk_now'), keyRecord('sk_now'));
    await one.resolve('sk_now');
    await two.resolve('sk_now');
    s.stored.delete(hashApiKey('sk_now')); // rotated: the old hash is gone
    forgetCachedApiKeys();
    expect(await one.resolve('sk_now')).toBeNull();
    expect(await two.resolve('sk_now')).toBeNull();
    expect(one.size + two.size).toBe(0);
  });
});

describe('dev keys under NODE_ENV=production', () => {
  it('seeding the published dev keys is refused before the database is touched', async () => {
    const s = stubKeys();
    await expect(seedDevKeys(s.db, 'production')).rejects.toThrow(/SEED_DEV_KEYS=true is refused when NODE_ENV=production/);
    expect(s.reads).toHaveLength(0);
    expect(s.updates).toHaveLength(0);
  });

  it('at start in production every enabled dev key is disabled; elsewhere nothing is touched', async () => {
    const s = stubKeys();
    expect(await disableDevKeysInProduction(s.db, 'development')).toBe(0);
    expect(s.updates).toHaveLength(0);
    expect(await disableDevKeysInProduction(s.db, 'production')).toBe(2);
    expect(s.updates).toHaveLength(1);
    const [{ filter, update }] = s.updates;
    expect([...filter.keyHash.$in].sort()).toEqual(DEV_KEYS.map((d) => hashApiKey(d.key)).sort());
    expect(filter.disabled).toBe(false);
    expect(update).toEqual({ $set: { disabled: true } });
  });
});
