// Issue 14 item 6 at the HTTP edge, on the stubbed app: a database that is away answers 503
// DATABASE_UNAVAILABLE (a stubbed driver error, and a real mongoose connection to a port nobody
// listens on), a database that answers with an error 502 UPSTREAM_FAILED, and a Temporal frontend
// that accepts the connection but never answers 503 TEMPORAL_UNAVAILABLE within the call deadline:
// never a bare 500, never a hung request. (Temporal unreachable while asking for workers, and the
// worker check itself, are in operations.test.ts.)
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { Client, Connection } from '@temporalio/client';
import { startStubApp, type StubApp } from '../../support/stubApp';
import { defineRoute } from '../../../api/http/route';
import { Upstream } from '../../../api/http/upstream';
import { apiKeyModel } from '../../../models/apiKey';

function expectCatalogue(res: { status: number; body: any }, status: number, code: string): void {
  expect(res.body?.error).toMatchObject({ code, category: 'UPSTREAM', message: { zh: expect.any(String), en: expect.any(String) } });
  expect(res.status).toBe(status);
}

/** A db whose ApiKey model's reads fail with `error` (GET /api/v1/admin/keys reads it first). */
function failingDb(error: Error): Partial<mongoose.Connection> {
  const fail = () => ({ lean: () => Promise.reject(error) });
  return { models: { ApiKey: { find: fail, findOne: fail } } } as unknown as Partial<mongoose.Connection>;
}

/** A TCP port that accepts connections and never says a word: a hung upstream. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a database error answers with its catalogue error', () => {
  let app: StubApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('E-1: the driver cannot reach the database (MongoNetworkError, server selection): 503 DATABASE_UNAVAILABLE', async () => {
    for (const error of [
      new mongoose.mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'),
      Object.assign(new Error('Server selection timed out after 5000 ms'), { name: 'MongoServerSelectionError' }),
    ]) {
      app = await startStubApp({ db: failingDb(error) });
      const res = await app.request('GET', '/api/v1/admin/keys', { key: 'admin' });
      expectCatalogue(res, 503, 'DATABASE_UNAVAILABLE');
      expect(JSON.stringify(res.body)).not.toContain('ECONNREFUSED'); // no driver detail leaks to the caller
      await app.close();
      app = undefined;
    }
  });

  it('E-1: the database answered with an error of its own (MongoServerError): 502 UPSTREAM_FAILED, logged', async () => {
    const error = Object.assign(new Error('Executor error during find command'), { name: 'MongoServerError', code: 96 });
    app = await startStubApp({ db: failingDb(error) });
    const res = await app.request('GET', '/api/v1/admin/keys', { key: 'admin' });
    expectCatalogue(res, 502, 'UPSTREAM_FAILED');
    expect(app.logs.some((l) => l.level === 'error' && l.msg === 'request failed')).toBe(true);
  });

  it('E-1: a real mongoose connection to a database that is not there answers 503 within its buffer time, not a hang', async () => {
    const before = mongoose.get('bufferTimeoutMS');
    mongoose.set('bufferTimeoutMS', 500);
    const db = mongoose.createConnection(`mongodb://127.0.0.1:${await closedPort()}/nowhere`, {
      serverSelectionTimeoutMS: 300,
      autoIndex: false,
      autoCreate: false,
    });
    db.on('error', () => undefined);
    // Compiled here, on the connection itself: the stub app only hands it to the route (its proxy
    // would refuse mongoose's own lookups of unset fields).
    apiKeyModel(db);
    try {
      app = await startStubApp({ db });
      const started = Date.now();
      const res = await app.request('GET', '/api/v1/admin/keys', { key: 'admin' });
      expectCatalogue(res, 503, 'DATABASE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      mongoose.set('bufferTimeoutMS', before);
      await db.close().catch(() => undefined);
    }
  });
});

describe('a Temporal frontend that never answers', () => {
  const describeCase = defineRoute({
    method: 'get',
    path: '/api/v1/test-describe',
    summary: 'asks Temporal about a case (test only)',
    tags: ['test'],
    access: ['INSURED_CLERK'],
    responses: { 200: { description: 'the case' } },
    handler: async ({ ctx }) => {
      await ctx.temporal.workflow.getHandle('INQ-test').describe();
      return { status: 200, body: {} };
    },
  });
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let connection: Connection;
  let app: StubApp;
  beforeAll(async () => {
    silent = await silentServer();
    connection = Connection.lazy({ address: `127.0.0.1:${silent.port}`, connectTimeout: 60_000 });
    const client = new Client({ connection, namespace: 'default' });
    app = await startStubApp({
      temporal: client,
      extraRoutes: [describeCase],
      upstream: (temporal) => new Upstream(temporal, { namespace: 'default', taskQueue: 'cases', callTimeoutMs: 700 }),
    });
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close().catch(() => undefined);
    await silent?.close();
  });

  it('E-1: the call deadline (TEMPORAL_CALL_TIMEOUT_MS) ends the request with 503 TEMPORAL_UNAVAILABLE', async () => {
    const started = Date.now();
    const res = await app.request('GET', '/api/v1/test-describe', { key: 'clerk-440800' });
    const took = Date.now() - started;
    expectCatalogue(res, 503, 'TEMPORAL_UNAVAILABLE');
    expect(took).toBeGreaterThanOrEqual(600);
    expect(took).toBeLessThan(5000);
  });
});
