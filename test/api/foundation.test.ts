// The API foundation through HTTP on the real stack: health, the contract document, and every
// kind of bad request answered with its E-1 catalogue error (400/401/403), never a 500, with
// nothing written.
import { startApp, api, DEV_API_KEYS, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';

const clerk = DEV_API_KEYS.clerk440800.key;

function filingBody(overrides: Record<string, unknown> = {}) {
  return {
    personId: newPersonId(),
    scheme: 'EMPLOYEE',
    insuredRegion: '440800',
    treatmentRegion: '110000',
    type: 'OTHER_TEMPORARY',
    commitment: false,
    ...overrides,
  };
}

describe('API foundation (E-1, API.md conventions)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function filingCountFor(personId: string): Promise<number> {
    const res = await api(app, 'GET', `/api/v1/filings?personId=${personId}`, { key: clerk });
    expect(res.status).toBe(200);
    return res.body.total;
  }

  it('GET /healthz and /readyz answer 200 when Temporal and the database are reachable', async () => {
    expect((await api(app, 'GET', '/healthz')).status).toBe(200);
    const ready = await api(app, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ temporal: true, database: true });
  });

  it('serves the OpenAPI document generated from the zod schemas, and /docs', async () => {
    const doc = await api(app, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/filings',
        '/api/v1/filings/{id}',
        '/api/v1/filings/{id}/materials',
        '/api/v1/filings/{id}/re-referrals',
      ]),
    );
    const request = doc.body.components.schemas.FilingRequest;
    expect(request.required).toEqual(
      expect.arrayContaining(['personId', 'scheme', 'insuredRegion', 'treatmentRegion', 'type', 'commitment']),
    );
    expect(request.additionalProperties).toBe(false);
    const docs = await fetch(`${app.baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${app.baseUrl}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  const badRequests: Array<[string, () => Promise<{ status: number; body: any }>, number, string, string]> = [
    [
      'bad JSON',
      () => fetchRaw('POST', '/api/v1/filings', '{"personId": ', { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' }),
      400,
      'MALFORMED_JSON',
      'VALIDATION',
    ],
    [
      'a wrong field type',
      () => api(app, 'POST', '/api/v1/filings', { key: clerk, body: filingBody({ commitment: 'yes' }) }),
      400,
      'VALIDATION_FAILED',
      'VALIDATION',
    ],
    [
      'an unknown field',
      () => api(app, 'POST', '/api/v1/filings', { key: clerk, body: filingBody({ favouriteColour: 'red' }) }),
      400,
      'VALIDATION_FAILED',
      'VALIDATION',
    ],
    [
      'a wrong ID check character',
      () => api(app, 'POST', '/api/v1/filings', { key: clerk, body: filingBody({ personId: '11010519491231002Y' }) }),
      400,
      'VALIDATION_FAILED',
      'VALIDATION',
    ],
    ['a missing key', () => api(app, 'POST', '/api/v1/filings', { body: filingBody() }), 401, 'AUTH_MISSING', 'AUTH'],
    ['an unknown key', () => api(app, 'POST', '/api/v1/filings', { key: 'nope', body: filingBody() }), 401, 'AUTH_INVALID', 'AUTH'],
    [
      'a wrong role',
      () => api(app, 'POST', '/api/v1/filings', { key: DEV_API_KEYS.agency110000.key, body: filingBody() }),
      403,
      'AUTH_FORBIDDEN_ROLE',
      'AUTH',
    ],
    [
      'a clerk of another region',
      () => api(app, 'POST', '/api/v1/filings', { key: DEV_API_KEYS.clerk220000.key, body: filingBody() }),
      403,
      'AUTH_FORBIDDEN_REGION',
      'AUTH',
    ],
    ['an unknown route', () => api(app, 'GET', '/api/v1/nothing-here', { key: clerk }), 404, 'ROUTE_NOT_FOUND', 'NOT_FOUND'],
  ];

  async function fetchRaw(method: string, path: string, body: string, headers: Record<string, string>) {
    const res = await fetch(`${app.baseUrl}${path}`, { method, headers, body });
    return { status: res.status, body: await res.json() };
  }

  it.each(badRequests)('E-1: %s gets its catalogue error, not a 500', async (_label, send, status, code, category) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.category).toBe(category);
    expect(res.body.error.message.zh.length).toBeGreaterThan(0);
    expect(res.body.error.message.en.length).toBeGreaterThan(0);
  });

  it('E-1: validation errors name the failing fields, and nothing is written', async () => {
    const personId = newPersonId();
    const res = await api(app, 'POST', '/api/v1/filings', { key: clerk, body: filingBody({ personId, scheme: 'GOLD', extra: 1 }) });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).join(' ');
    expect(paths).toContain('body.scheme');
    expect(paths).toContain('body.extra');
    expect(await filingCountFor(personId)).toBe(0);
  });

  it('Idempotency-Key: the same key and body returns the first result and creates one filing; another body is a conflict', async () => {
    const body = filingBody();
    const key = `idem-${Date.now()}`;
    const first = await api(app, 'POST', '/api/v1/filings', { key: clerk, body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    const again = await api(app, 'POST', '/api/v1/filings', { key: clerk, body, headers: { 'Idempotency-Key': key } });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(await filingCountFor(body.personId)).toBe(1);

    const other = await api(app, 'POST', '/api/v1/filings', {
      key: clerk,
      body: { ...body, scheme: 'RESIDENT' },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});

describe('M-2: daily error report', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("groups the day's rejections by error code, and each agency sees only its own", async () => {
    for (let i = 0; i < 3; i += 1) {
      await api(app, 'POST', '/api/v1/filings', { key: clerk, body: { personId: 'bad' } });
    }
    await api(app, 'POST', '/api/v1/filings', { key: DEV_API_KEYS.agency110000.key, body: {} });
    let report: any;
    for (let i = 0; i < 30; i += 1) {
      report = (await api(app, 'GET', '/api/v1/monitoring/error-report', { key: DEV_API_KEYS.admin.key })).body;
      if (report.total >= 4) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const byCode = Object.fromEntries(report.byCode.map((g: { code: string; count: number }) => [g.code, g.count]));
    expect(byCode.VALIDATION_FAILED).toBe(3);
    expect(byCode.AUTH_FORBIDDEN_ROLE).toBe(1);
    const own = (await api(app, 'GET', '/api/v1/monitoring/error-report', { key: clerk })).body;
    expect(own.byCode.map((g: { code: string }) => g.code)).toEqual(['VALIDATION_FAILED']);
    expect(own.total).toBe(3);
  });
});
