// Issue 14 item 5 on the real stack: keys administered through one API process are refused by
// another within API_KEY_CACHE_TTL_MS (disable and rotate, by the endpoint and by the CLI), a
// rotation answers its new secret once and is audited (E-2), Idempotency-Key records expire after
// their window, and an API started with NODE_ENV=production disables the dev keys it finds and
// refuses to seed them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type mongoose from 'mongoose';
import { api, DEV_API_KEYS, startApp, uniqueName, type TestApp } from '../setup/stackEnv';
import { startApiProcess } from '../../scripts/servers/app';
import { freePort } from '../../scripts/servers/process';
import { connectDatabase } from '../../models/connection';
import { auditEventModel } from '../../models/auditEvent';
import { apiKeyModel } from '../../models/apiKey';
import { hashApiKey } from '../../api/http/apiKeys';
import { IdempotencyStore, requestHash } from '../../api/http/idempotency';
import { idempotencyModel } from '../../models/idempotencyRecord';
import { runApiKeysCommand } from '../../api/cli/apiKeys';

const TTL_MS = 1000;
const admin = DEV_API_KEYS.admin.key;
const ROOT = path.resolve(__dirname, '..', '..');

type ApiProcess = Awaited<ReturnType<typeof startApiProcess>>;

/** Polls `who` with `key` until it answers 401, and answers how long that took. */
async function refusedWithin(who: { baseUrl: string }, key: string, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await api(who, 'GET', '/api/v1/me', { key });
    if (res.status === 401) {
      expect(res.body.error).toMatchObject({ code: 'AUTH_INVALID', category: 'AUTH' });
      return Date.now() - started;
    }
    expect(res.status).toBe(200);
    if (Date.now() - started > limitMs) throw new Error(`still accepted after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('API keys across two API processes', () => {
  let a: TestApp;
  let b: ApiProcess;
  let db: mongoose.Connection;
  const extra: ApiProcess[] = [];

  beforeAll(async () => {
    a = await startApp({ workers: 0, env: { API_KEY_CACHE_TTL_MS: String(TTL_MS) } });
    b = await startApiProcess({
      name: 'api-b',
      env: { ...a.env, PORT: String(await freePort()), SEED_DEV_KEYS: 'false' },
      unref: true,
      logDir: process.env.TEST_DATA_DIR ? path.join(process.env.TEST_DATA_DIR, 'logs', uniqueName('keys')) : undefined,
    });
    db = await connectDatabase(a.env.MONGODB_URI!);
  });
  afterAll(async () => {
    for (const p of extra) await p.stop().catch(() => undefined);
    await b?.stop().catch(() => undefined);
    await a?.stop();
    await db?.close();
  });

  async function newKey(label: string): Promise<{ id: string; key: string }> {
    const res = await api(a, 'POST', '/api/v1/admin/keys', { key: admin, body: { role: 'INSURED_CLERK', region: '440800', label } });
    expect(res.status).toBe(201);
    return { id: res.body.id, key: res.body.key };
  }

  it('E-1: a key disabled through one process is refused by it at once and by the other within API_KEY_CACHE_TTL_MS', async () => {
    const { id, key } = await newKey('two processes: disable');
    // Both processes have looked the key up (and cached it).
    expect((await api(a, 'GET', '/api/v1/me', { key })).status).toBe(200);
    expect((await api(b, 'GET', '/api/v1/me', { key })).status).toBe(200);

    const disabled = await api(a, 'POST', `/api/v1/admin/keys/${id}/disable`, { key: admin });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id, disabled: true });
    expect(await refusedWithin(a, key, 0)).toBeLessThan(500); // this process: at once
    expect(await refusedWithin(b, key, TTL_MS + 1500)).toBeLessThanOrEqual(TTL_MS + 1500);
  });

  it('E-1, E-2: a rotation through one process answers the new secret once; the old one is refused by both, the new one works in both', async () => {
    const { id, key: old } = await newKey('two processes: rotate');
    expect((await api(a, 'GET', '/api/v1/me', { key: old })).status).toBe(200);
    expect((await api(b, 'GET', '/api/v1/me', { key: old })).status).toBe(200);

    const rotated = await api(b, 'POST', `/api/v1/admin/keys/${id}/rotation`, { key: admin, headers: { 'Idempotency-Key': 'rotate-1' } });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id, role: 'INSURED_CLERK', region: '440800', label: 'two processes: rotate', disabled: false });
    expect(rotated.body.key).toMatch(/^sk_/);
    expect(rotated.body.key).not.toBe(old);
    expect(rotated.body.prefix).toBe(rotated.body.key.slice(0, 8));
    expect(rotated.body.rotatedAt).toMatch(/\+08:00$/);
    const fresh = rotated.body.key as string;

    expect(await refusedWithin(b, old, 0)).toBeLessThan(500);
    expect(await refusedWithin(a, old, TTL_MS + 1500)).toBeLessThanOrEqual(TTL_MS + 1500);
    for (const who of [a, b]) expect((await api(who, 'GET', '/api/v1/me', { key: fresh })).body).toMatchObject({ role: 'INSURED_CLERK' });

    // Only the hash is stored, the secret is in no record, and the rotation is audited (E-2).
    const stored = await apiKeyModel(db)
      .findOne({ keyHash: hashApiKey(fresh) })
      .lean();
    expect(String(stored?._id)).toBe(id);
    const audit = await auditEventModel(db)
      .find({ caseId: `key:${id}` })
      .lean();
    expect(audit.map((e) => e.action).sort()).toEqual(['API_KEY_CREATED', 'API_KEY_ROTATED']);
    expect(audit.find((e) => e.action === 'API_KEY_ROTATED')?.actor).toMatchObject({ role: 'ADMIN' });
    expect(JSON.stringify(audit)).not.toContain(fresh);

    // The same Idempotency-Key does not replay the secret: it rotates again (the document says so).
    const again = await api(b, 'POST', `/api/v1/admin/keys/${id}/rotation`, { key: admin, headers: { 'Idempotency-Key': 'rotate-1' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replay')).toBeNull();
    expect(again.body.key).not.toBe(fresh);
    expect(await auditEventModel(db).countDocuments({ caseId: `key:${id}`, action: 'API_KEY_ROTATED' })).toBe(2);
    // E-2: the trail is read through the API by its key:<id>, with the acting key named.
    const trail = await api(b, 'GET', `/api/v1/audit?caseId=key:${id}`, { key: admin });
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: any) => e.action)).toEqual(['API_KEY_CREATED', 'API_KEY_ROTATED', 'API_KEY_ROTATED']);
    expect(trail.body.items[1].actor).toMatchObject({ role: 'ADMIN', keyId: expect.any(String) });
    expect((await api(b, 'GET', `/api/v1/audit?caseId=key:${id}`, { key: DEV_API_KEYS.clerk440800.key })).status).toBe(404);
  });

  it('E-1: rotation is for ADMIN only and names its refusals: 403 for another role, 404 for no such key, 400 for a bad id', async () => {
    const { id } = await newKey('rotation refusals');
    const clerk = await api(a, 'POST', `/api/v1/admin/keys/${id}/rotation`, { key: DEV_API_KEYS.clerk440800.key });
    expect(clerk.status).toBe(403);
    expect(clerk.body.error.code).toBe('AUTH_FORBIDDEN_ROLE');
    const missing = await api(a, 'POST', '/api/v1/admin/keys/0123456789abcdef01234567/rotation', { key: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await api(a, 'POST', '/api/v1/admin/keys/nope/rotation', { key: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.category).toBe('VALIDATION');
  });

  it('E-2: the CLI lists, rotates and disables on the database; running processes refuse the old secret within the TTL', async () => {
    const { id, key } = await newKey('cli');
    expect((await api(b, 'GET', '/api/v1/me', { key })).status).toBe(200);

    const listed = await runApiKeysCommand(db, ['list', '--role', 'INSURED_CLERK'], 'ops');
    expect(listed).toContain(id);
    expect(listed).not.toContain(key);

    const rotatedOut = await runApiKeysCommand(db, ['rotate', id], 'ops');
    const fresh = /key {4}(sk_\S+)/.exec(rotatedOut)?.[1];
    expect(fresh).toBeDefined();
    expect(await refusedWithin(b, key, TTL_MS + 1500)).toBeLessThanOrEqual(TTL_MS + 1500);
    expect((await api(b, 'GET', '/api/v1/me', { key: fresh })).status).toBe(200);

    expect(await runApiKeysCommand(db, ['disable', id], 'ops')).toMatch(/^disabled .*DISABLED/);
    expect(await refusedWithin(a, fresh!, TTL_MS + 1500)).toBeLessThanOrEqual(TTL_MS + 1500);
    const audit = await auditEventModel(db)
      .find({ caseId: `key:${id}`, 'actor.agencyId': 'CLI:ops' })
      .lean();
    expect(audit.map((e) => e.action).sort()).toEqual(['API_KEY_DISABLED', 'API_KEY_ROTATED']);

    await expect(runApiKeysCommand(db, ['rotate'], 'ops')).rejects.toThrow('rotate takes one key id');
    await expect(runApiKeysCommand(db, ['delete', id], 'ops')).rejects.toThrow('unknown command delete');
    await expect(runApiKeysCommand(db, ['disable', '0123456789abcdef01234567'], 'ops')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the npm script runs the CLI against MONGODB_URI', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'api/cli/apiKeys.ts', 'list', '--role', 'ADMIN'],
      {
        cwd: ROOT,
        env: { ...process.env, MONGODB_URI: a.env.MONGODB_URI },
        timeout: 60_000,
      },
    );
    expect(stdout).toContain(DEV_API_KEYS.admin.key.slice(0, 8));
    expect(stdout).not.toContain(DEV_API_KEYS.admin.key);
  });

  it('Idempotency-Key records expire after their window: a key past it runs anew, and the purge deletes them', async () => {
    const store = new IdempotencyStore(db, 300);
    const scope = `test:${uniqueName('scope')}`;
    const hash = requestHash({ a: 1 });
    expect(await store.claim(scope, 'k1', hash)).toEqual({ kind: 'claimed' });
    await store.complete(scope, 'k1', { status: 201, body: { ok: true } });
    expect(await store.claim(scope, 'k1', hash)).toMatchObject({ kind: 'replay', response: { status: 201 } });
    await expect(store.claim(scope, 'k1', requestHash({ a: 2 }))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await store.claim(scope, 'k2', hash)).toEqual({ kind: 'claimed' });

    await new Promise((r) => setTimeout(r, 400));
    // Past the window: another body under the same key is a new request, not a 409.
    expect(await store.claim(scope, 'k1', requestHash({ a: 2 }))).toEqual({ kind: 'claimed' });
    // The purge deletes what is past its window (k2), not the fresh claim of k1.
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    const left = await idempotencyModel(db).find({ scope }).lean();
    expect(left.map((r) => r.key)).toEqual(['k1']);
    expect(new Date(left[0].expiresAt!).getTime()).toBeGreaterThan(Date.now());
  });

  it('NODE_ENV=production: seeding the dev keys stops the API; started without seeding it disables the dev keys it finds', async () => {
    const production = {
      ...a.env,
      NODE_ENV: 'production',
      // Its own task queue, so its own schedules: app A's are encrypted with the dev payload key.
      TEMPORAL_TASK_QUEUE: uniqueName('tq'),
      PAYLOAD_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    };
    await expect(
      startApiProcess({
        name: 'api-prod-seed',
        env: { ...production, PORT: String(await freePort()), SEED_DEV_KEYS: 'true' },
        unref: true,
        timeoutMs: 60_000,
      }),
    ).rejects.toThrow(/SEED_DEV_KEYS=true is refused when NODE_ENV=production/);

    expect((await api(a, 'GET', '/api/v1/me', { key: DEV_API_KEYS.clerk440800.key })).status).toBe(200);
    const prod = await startApiProcess({
      name: 'api-prod',
      env: { ...production, PORT: String(await freePort()), SEED_DEV_KEYS: 'false' },
      unref: true,
    });
    extra.push(prod);
    for (const dev of [DEV_API_KEYS.clerk440800, DEV_API_KEYS.admin, DEV_API_KEYS.hospital110000]) {
      const res = await api(prod, 'GET', '/api/v1/me', { key: dev.key });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH_INVALID');
    }
    const devHashes = Object.values(DEV_API_KEYS).map((d) => hashApiKey(d.key));
    expect(await apiKeyModel(db).countDocuments({ keyHash: { $in: devHashes }, disabled: false })).toBe(0);
    // The development process sharing the database refuses them too, within its cache time.
    expect(await refusedWithin(a, DEV_API_KEYS.clerk440800.key, TTL_MS + 1500)).toBeLessThanOrEqual(TTL_MS + 1500);
  });
});
