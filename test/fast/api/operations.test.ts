// What operators run the API by (issue 14), on a stubbed context: metrics by route pattern, 405
// with Allow, the document's declared answers and Location, rate limits with Retry-After, 503
// while no worker polls, and the payload codec endpoints with their CORS. The stubs throw when a
// test touches what it did not stub, so "nothing reached Temporal" is checked by construction.
import { z } from 'zod';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { startStubApp, type StubApp } from '../../support/stubApp';
import { defineRoute } from '../../../api/http/route';
import { Upstream } from '../../../api/http/upstream';
import { KEY_ID_METADATA, payloadCodecOf } from '../../../payloadCodec';

const personId = '11010519491231002X';

function expectCatalogue(res: { status: number; body: any }, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: { zh: expect.any(String), en: expect.any(String) } });
}

/** The value of one Prometheus sample, or undefined when the text has no such line. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => {
    if (!l.startsWith(`${name}{`)) return false;
    return Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`));
  });
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics (Prometheus text)', () => {
  let app: StubApp;
  beforeAll(async () => {
    app = await startStubApp();
  });
  afterAll(async () => app?.close());

  it('counts requests by route pattern and status, never by a path holding an ID number', async () => {
    // A hospital may not renumber a person: refused before anything is read, on a path with an ID number.
    const refused = await app.request('POST', `/api/v1/persons/${personId}/renumber`, { key: 'hospital-110000', body: {} });
    expectCatalogue(refused, 403, 'AUTH_FORBIDDEN_ROLE');
    const unknown = await app.request('GET', `/api/v1/nowhere/${personId}`);
    expectCatalogue(unknown, 404, 'ROUTE_NOT_FOUND');

    const scrape = await app.request('GET', '/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = scrape.body as string;
    expect(sample(text, 'http_requests_total', { method: 'POST', route: '/api/v1/persons/:personId/renumber', status: '403' })).toBe(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '(unrouted)', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/v1/persons/:personId/renumber' })).toBe(1);
    expect(text).not.toContain(personId);
    // the scrape itself is not observed
    expect(text).not.toMatch(/route="\/metrics"/);
  });

  it('counts rejections by catalogue code, and declares settlements and cases started', async () => {
    const before = sample((await app.request('GET', '/metrics')).body, 'rejections_total', { code: 'AUTH_MISSING' }) ?? 0;
    expectCatalogue(await app.request('GET', '/api/v1/filings'), 401, 'AUTH_MISSING');
    const text = (await app.request('GET', '/metrics')).body as string;
    expect(sample(text, 'rejections_total', { code: 'AUTH_MISSING', category: 'AUTH', status: '401' })).toBe(before + 1);
    for (const name of ['settlements_total', 'rejections_total', 'cases_started_total', 'http_request_duration_seconds']) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (counter|histogram)$`, 'm'));
    }
  });

  it('the request log carries the route pattern, never the path', async () => {
    await app.request('GET', `/api/v1/filings/${personId}`);
    const logged = app.logs.filter((l) => l.msg === 'request');
    expect(logged.map((l) => l.fields?.route)).toContain('/api/v1/filings/:id');
    expect(JSON.stringify(app.logs)).not.toContain(personId);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  let app: StubApp;
  beforeAll(async () => {
    app = await startStubApp({ env: { METRICS_TOKEN: 'scrape-secret' } });
  });
  afterAll(async () => app?.close());

  it('refuses a scrape without the bearer token or with a wrong one, answers with it', async () => {
    expectCatalogue(await app.request('GET', '/metrics'), 401, 'AUTH_MISSING');
    expectCatalogue(await app.request('GET', '/metrics', { headers: { authorization: 'Bearer guess' } }), 401, 'AUTH_INVALID');
    const scrape = await app.request('GET', '/metrics', { headers: { authorization: 'Bearer scrape-secret' } });
    expect(scrape.status).toBe(200);
    expect(scrape.body).toContain('# TYPE http_requests_total counter');
  });
});

describe('methods, unknown paths and the served document', () => {
  let app: StubApp;
  beforeAll(async () => {
    app = await startStubApp();
  });
  afterAll(async () => app?.close());

  it.each([
    ['DELETE', '/api/v1/filings', ['GET', 'HEAD', 'OPTIONS', 'POST']],
    ['PUT', '/api/v1/filings/FIL-1', ['GET', 'HEAD', 'OPTIONS']],
    ['GET', '/api/v1/filings/FIL-1/materials', ['OPTIONS', 'POST']],
    ['PATCH', '/api/v1/settlements/S-1/reversal', ['OPTIONS', 'POST']],
    // static paths beside a GET /:id of the same collection: the GET must not answer for them
    ['GET', '/api/v1/settlements/quote', ['OPTIONS', 'POST']],
    ['GET', '/api/v1/imports/filings', ['OPTIONS', 'POST']],
  ])('%s %s answers 405 METHOD_NOT_ALLOWED with Allow', async (method, path, allowed) => {
    const res = await app.request(method, path, { key: 'clerk-440800' });
    expectCatalogue(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')!.split(', ').sort()).toEqual(allowed);
  });

  it('HEAD on a POST-only path answers 405 too', async () => {
    const res = await app.request('HEAD', '/api/v1/settlements/quote', { key: 'hospital-110000' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('POST');
  });

  it('OPTIONS answers 204 with Allow', async () => {
    const res = await app.request('OPTIONS', '/api/v1/filings/FIL-1/cancel');
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')!.split(', ').sort()).toEqual(['OPTIONS', 'POST']);
  });

  it('an unknown path still answers 404 ROUTE_NOT_FOUND, whatever the method', async () => {
    expectCatalogue(await app.request('DELETE', '/api/v1/nowhere'), 404, 'ROUTE_NOT_FOUND');
    expectCatalogue(await app.request('GET', '/api/v1/filings/FIL-1/nowhere', { key: 'clerk-440800' }), 404, 'ROUTE_NOT_FOUND');
  });

  it('every operation of the served document declares the answers it can give', async () => {
    const res = await app.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const operations = Object.entries(res.body.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, op } of operations) {
      const declared = Object.keys(op.responses);
      const secured = (op.security ?? []).length > 0;
      const hasInput = method === 'post' || (op.parameters ?? []).some((p: { in: string }) => p.in !== 'header');
      const expected = [
        '429',
        '503',
        ...(secured ? ['401', '403', '404'] : []),
        ...(hasInput ? ['400'] : []),
        ...(method === 'post' && op.requestBody ? ['413', '415'] : []),
      ];
      expect({ operation: `${method.toUpperCase()} ${path}`, missing: expected.filter((s) => !declared.includes(s)) }).toEqual({
        operation: `${method.toUpperCase()} ${path}`,
        missing: [],
      });
      expect(op.responses['429'].headers?.['Retry-After']).toBeDefined();
    }
  });
});

describe('Location of a created resource', () => {
  const thing = z.object({ id: z.string() });
  const created = defineRoute({
    method: 'post',
    path: '/api/v1/test-things',
    summary: 'a created thing (test only)',
    tags: ['test'],
    access: ['INSURED_CLERK'],
    body: z.object({ name: z.string() }),
    responses: { 201: { description: 'the thing', schema: thing } },
    location: (body: { id: string }) => `/api/v1/test-things/${body.id}`,
    handler: async ({ body }) => ({ status: 201, body: { id: `T-${body.name}` } }),
  });
  let app: StubApp;
  beforeAll(async () => {
    app = await startStubApp({ extraRoutes: [created] });
  });
  afterAll(async () => app?.close());

  it('a 201 answers Location from the route declaration, and the document declares the header', async () => {
    const res = await app.request('POST', '/api/v1/test-things', { key: 'clerk-440800', body: { name: 'a' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/v1/test-things/T-a');
    const document = (await app.request('GET', '/api/v1/openapi.json')).body;
    expect(document.paths['/api/v1/test-things'].post.responses['201'].headers.Location.schema.type).toBe('string');
    // a 201 without a declaration declares no Location
    expect(document.paths['/api/v1/admin/keys'].post.responses['201'].headers?.Location).toBeUndefined();
    expect(document.paths['/api/v1/filings'].post.responses['201'].headers.Location.schema.type).toBe('string');
  });
});

describe('rate limits (429 RATE_LIMITED with Retry-After)', () => {
  let app: StubApp;
  beforeEach(async () => {
    app = await startStubApp({ limits: { perKey: 3, perAddress: 2 } });
  });
  afterEach(async () => app?.close());

  it('a key past RATE_LIMIT_PER_KEY requests in a second is refused with Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await app.request('GET', '/api/v1/me', { key: 'clerk-440800' }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expectCatalogue(answers[3], 429, 'RATE_LIMITED');
    expect(Number(answers[3].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // another key is counted apart
    expect((await app.request('GET', '/api/v1/me', { key: 'admin' })).status).toBe(200);
  });

  it('an address without a valid key past RATE_LIMIT_PER_ADDRESS is refused, valid keys from it too', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await app.request('GET', '/api/v1/me', { key: 'nobody' }));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 429, 429]);
    expectCatalogue(answers[2], 429, 'RATE_LIMITED');
    expect(Number(answers[2].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await app.request('GET', '/api/v1/me', { key: 'clerk-440800' })).status).toBe(429);
  });

  it('requests with a valid key do not use up the address allowance; probes are never limited', async () => {
    for (let i = 0; i < 3; i += 1) expect((await app.request('GET', '/api/v1/me', { key: 'clerk-440800' })).status).toBe(200);
    expect((await app.request('GET', '/api/v1/me', { key: 'nobody' })).status).toBe(401);
    for (let i = 0; i < 4; i += 1) expect((await app.request('GET', '/healthz')).status).not.toBe(429);
  });
});

describe('WORKER_UNAVAILABLE: a case is not started while no worker polls', () => {
  const started: string[] = [];
  const startedOnTemporal: string[] = [];
  const caseStart = defineRoute({
    method: 'post',
    path: '/api/v1/test-cases',
    summary: 'starts a case (test only)',
    tags: ['test'],
    access: ['INSURED_CLERK'],
    body: z.object({ name: z.string() }),
    responses: { 201: { description: 'the case' } },
    needsWorker: true,
    handler: async ({ ctx, body }) => {
      started.push(body.name);
      await ctx.temporal.workflow.start('filingWorkflow', { workflowId: body.name, taskQueue: 'cases' });
      return { status: 201, body: {} };
    },
  });
  let pollers: Array<{ lastAccessTime?: { seconds: number } }> = [];
  const asked: unknown[] = [];
  const deadlines: number[] = [];
  const temporal = {
    connection: {
      withDeadline: (deadline: number, fn: () => Promise<unknown>) => {
        deadlines.push(deadline);
        return fn();
      },
    },
    workflow: {
      start: async (_type: string, options: { workflowId: string }) => {
        startedOnTemporal.push(options.workflowId);
        return {};
      },
    },
    workflowService: {
      describeTaskQueue: async (request: unknown) => {
        asked.push(request);
        return { pollers };
      },
    },
  } as unknown as Partial<Client>;
  let app: StubApp;
  beforeAll(async () => {
    app = await startStubApp({
      temporal,
      extraRoutes: [caseStart],
      upstream: (client) => new Upstream(client, { namespace: 'default', taskQueue: 'cases', callTimeoutMs: 4000, pollerCacheMs: 0 }),
    });
  });
  afterAll(async () => app?.close());
  beforeEach(() => {
    started.length = 0;
    startedOnTemporal.length = 0;
    asked.length = 0;
    deadlines.length = 0;
  });

  it("no poller on the task queue: 503, and neither the handler nor Temporal's workflow API is called", async () => {
    pollers = [];
    const res = await app.request('POST', '/api/v1/test-cases', { key: 'clerk-440800', body: { name: 'a' } });
    expectCatalogue(res, 503, 'WORKER_UNAVAILABLE');
    expect(res.body.error.category).toBe('UPSTREAM');
    expect(started).toEqual([]);
    expect(startedOnTemporal).toEqual([]);
    expect(asked).toEqual([expect.objectContaining({ namespace: 'default', taskQueue: expect.objectContaining({ name: 'cases' }) })]);
  });

  it('a poller last seen long ago is a stopped worker: 503', async () => {
    pollers = [{ lastAccessTime: { seconds: Math.floor(Date.now() / 1000) - 600 } }];
    expectCatalogue(
      await app.request('POST', '/api/v1/test-cases', { key: 'clerk-440800', body: { name: 'b' } }),
      503,
      'WORKER_UNAVAILABLE',
    );
    expect(started).toEqual([]);
  });

  it('a live poller lets the request through, its Temporal calls under the call deadline', async () => {
    pollers = [{ lastAccessTime: { seconds: Math.floor(Date.now() / 1000) - 5 } }];
    const before = Date.now();
    const res = await app.request('POST', '/api/v1/test-cases', { key: 'clerk-440800', body: { name: 'c' } });
    expect(res.status).toBe(201);
    expect(started).toEqual(['c']);
    expect(startedOnTemporal).toEqual(['c']);
    expect(deadlines.length).toBeGreaterThanOrEqual(2); // the poller check and the handler
    for (const d of deadlines) expect(d).toBeGreaterThanOrEqual(before + 4000);
    for (const d of deadlines) expect(d).toBeLessThanOrEqual(Date.now() + 4000);
  });

  it('Temporal unreachable during the check: 503 TEMPORAL_UNAVAILABLE, nothing started', async () => {
    const unreachable = new Upstream(
      {
        connection: temporal.connection,
        workflowService: { describeTaskQueue: async () => Promise.reject(Object.assign(new Error('connect failed'), { code: 14 })) },
      } as unknown as Client,
      { namespace: 'default', taskQueue: 'cases', callTimeoutMs: 4000 },
    );
    const down = await startStubApp({ temporal, extraRoutes: [caseStart], upstream: () => unreachable });
    try {
      const res = await down.request('POST', '/api/v1/test-cases', { key: 'clerk-440800', body: { name: 'd' } });
      expectCatalogue(res, 503, 'TEMPORAL_UNAVAILABLE');
      expect(startedOnTemporal).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('a check is believed briefly; a failed check is not believed', async () => {
    let calls = 0;
    let fail = true;
    const client = {
      connection: temporal.connection,
      workflowService: {
        describeTaskQueue: async () => {
          calls += 1;
          if (fail) throw Object.assign(new Error('unavailable'), { code: 14 });
          return { pollers: [{ lastAccessTime: { seconds: Math.floor(Date.now() / 1000) } }] };
        },
      },
    } as unknown as Client;
    const upstream = new Upstream(client, { namespace: 'default', taskQueue: 'cases', callTimeoutMs: 4000, pollerCacheMs: 60_000 });
    await expect(upstream.requireWorker()).rejects.toThrow('unavailable');
    await new Promise((resolve) => setImmediate(resolve));
    fail = false;
    await expect(upstream.requireWorker()).resolves.toBeUndefined();
    await expect(upstream.requireWorker()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('a route that does not start a case never asks about workers', async () => {
    pollers = [];
    expect((await app.request('GET', '/api/v1/me', { key: 'clerk-440800' })).status).toBe(200);
    expect(asked).toEqual([]);
  });
});

describe('the payload codec endpoints (Temporal UI remote codec)', () => {
  const keys = `ui:${Buffer.alloc(32, 7).toString('base64')}`;
  let app: StubApp;
  beforeAll(async () => {
    app = await startStubApp({ env: { PAYLOAD_ENCRYPTION_KEYS: keys, CODEC_CORS_ORIGINS: 'http://ui.example:8233' } });
  });
  afterAll(async () => app?.close());

  const plainJson = () => {
    const p = defaultPayloadConverter.toPayload({ personId })!;
    return {
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    };
  };

  it('ADMIN encodes with the configured key and decodes back', async () => {
    const encoded = await app.request('POST', '/codec/encode', { key: 'admin', body: { payloads: [plainJson()] } });
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads;
    expect(Buffer.from(sealed.metadata[KEY_ID_METADATA], 'base64').toString()).toBe('ui');
    expect(JSON.stringify(encoded.body)).not.toContain(Buffer.from(personId).toString('base64').slice(0, 16));

    const decoded = await app.request('POST', '/codec/decode', { key: 'admin', body: { payloads: [sealed] } });
    expect(decoded.status).toBe(200);
    expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain(personId);
    expect(app.logs.find((l) => l.msg === 'payloads decoded')?.fields).toMatchObject({ agency: 'ADMIN', count: 1, undecodable: 0 });
    expect(JSON.stringify(app.logs)).not.toContain(personId);
  });

  it('decodes what the engine encrypted with the same keys; a payload of an unknown key comes back as sent', async () => {
    const [engine] = await payloadCodecOf(keys).encode([defaultPayloadConverter.toPayload({ personId })!]);
    const [foreign] = await payloadCodecOf(`old:${Buffer.alloc(32, 9).toString('base64')}`).encode([
      defaultPayloadConverter.toPayload({ personId })!,
    ]);
    const json = (p: typeof engine) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
      data: Buffer.from(p.data!).toString('base64'),
    });
    const res = await app.request('POST', '/codec/decode', { key: 'admin', body: { payloads: [json(engine), json(foreign)] } });
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.payloads[0].data, 'base64').toString()).toContain(personId);
    expect(res.body.payloads[1]).toEqual(json(foreign));
  });

  it.each([
    ['clerk-440800', 403, 'AUTH_FORBIDDEN_ROLE'],
    ['hospital-110000', 403, 'AUTH_FORBIDDEN_ROLE'],
    [undefined, 401, 'AUTH_MISSING'],
  ])('a %s caller may not decode (%s)', async (key, status, code) => {
    expectCatalogue(await app.request('POST', '/codec/decode', { key, body: { payloads: [] } }), status, code);
  });

  it('CORS: the configured origin may call from the browser, another origin gets no CORS headers', async () => {
    const preflight = (origin: string) =>
      app.request('OPTIONS', '/codec/decode', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('http://ui.example:8233');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://ui.example:8233');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');

    const other = await preflight('http://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const call = await app.request('POST', '/codec/encode', {
      key: 'admin',
      body: { payloads: [] },
      headers: { origin: 'http://evil.example' },
    });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    // CORS is for the codec only
    const elsewhere = await app.request('GET', '/api/v1/me', { key: 'admin', headers: { origin: 'http://ui.example:8233' } });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
