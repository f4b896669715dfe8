// The API's edge on a stubbed context (no database, no Temporal): who may call, what a request
// must look like, and how every refusal is rendered (E-1: code, category, zh/en message). Each
// refusal here must happen before anything is read or started: the stubs throw when touched.
import { startStubApp, type StubApp } from '../../support/stubApp';

const validFiling = {
  personId: '11010519491231002X',
  scheme: 'EMPLOYEE',
  insuredRegion: '440800',
  treatmentRegion: '110000',
  type: 'OTHER_TEMPORARY',
  commitment: false,
};

let app: StubApp;
beforeAll(async () => {
  app = await startStubApp({
    temporal: { workflowService: { getSystemInfo: async () => ({}) } as never },
    db: { db: { admin: () => ({ ping: async () => ({ ok: 1 }) }) } as never },
  });
});
afterAll(async () => app?.close());

function expectCatalogue(body: any, code: string, category: string): void {
  expect(body.error).toMatchObject({ code, category });
  expect(body.error.message.zh).toEqual(expect.any(String));
  expect(body.error.message.en).toEqual(expect.any(String));
}

describe('E-1 authentication and roles', () => {
  it('a write without Authorization answers 401 AUTH_MISSING', async () => {
    const res = await app.request('POST', '/api/v1/filings', { body: validFiling });
    expect(res.status).toBe(401);
    expectCatalogue(res.body, 'AUTH_MISSING', 'AUTH');
  });

  it('an unknown key answers 401 AUTH_INVALID', async () => {
    const res = await app.request('POST', '/api/v1/filings', { key: 'nobody', body: validFiling });
    expect(res.status).toBe(401);
    expectCatalogue(res.body, 'AUTH_INVALID', 'AUTH');
  });

  it.each([
    ['hospital-110000', 'POST', '/api/v1/filings'],
    ['agency-110000', 'POST', '/api/v1/filings'],
    ['clerk-440800', 'POST', '/api/v1/settlements'],
    ['hospital-110000', 'POST', '/api/v1/inquiries'],
  ])('a %s key on %s %s answers 403 AUTH_FORBIDDEN_ROLE', async (key, method, path) => {
    const res = await app.request(method, path, { key, body: {} });
    expect(res.status).toBe(403);
    expectCatalogue(res.body, 'AUTH_FORBIDDEN_ROLE', 'AUTH');
  });
});

describe('E-1 validation: bad input never reaches a workflow', () => {
  it('a resident ID with a wrong check character is refused with the field named', async () => {
    const res = await app.request('POST', '/api/v1/filings', {
      key: 'clerk-440800',
      body: { ...validFiling, personId: '110105194912310021' },
    });
    expect(res.status).toBe(400);
    expectCatalogue(res.body, 'VALIDATION_FAILED', 'VALIDATION');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('body.personId');
  });

  it('an unknown field is refused (strict bodies), with the field named', async () => {
    const res = await app.request('POST', '/api/v1/filings', { key: 'clerk-440800', body: { ...validFiling, discount: 100 } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('discount');
  });

  it('malformed JSON answers 400 MALFORMED_JSON', async () => {
    const res = await app.request('POST', '/api/v1/filings', {
      key: 'clerk-440800',
      raw: '{"personId": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expectCatalogue(res.body, 'MALFORMED_JSON', 'VALIDATION');
  });

  it('a body that is not JSON answers UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await app.request('POST', '/api/v1/filings', {
      key: 'clerk-440800',
      raw: 'personId=1',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expectCatalogue(res.body, 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION');
  });

  it('an Idempotency-Key with spaces is refused before anything runs', async () => {
    const res = await app.request('POST', '/api/v1/filings', {
      key: 'clerk-440800',
      body: validFiling,
      headers: { 'idempotency-key': 'two words' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('headers.Idempotency-Key');
  });

  it('a list page size over 100 is refused', async () => {
    const res = await app.request('GET', '/api/v1/filings?pageSize=101', { key: 'clerk-440800' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('query.pageSize');
  });
});

describe('routes, documents and health', () => {
  it('an unknown path answers 404 ROUTE_NOT_FOUND from the catalogue, never a bare 404 page', async () => {
    const res = await app.request('GET', '/api/v1/nothing-here', { key: 'admin' });
    expect(res.status).toBe(404);
    expectCatalogue(res.body, 'ROUTE_NOT_FOUND', 'NOT_FOUND');
  });

  it('the simulation clock is absent outside simulation mode', async () => {
    const res = await app.request('POST', '/api/v1/dev/clock/advance', { key: 'admin', body: { duration: 'P1D' } });
    expect(res.status).toBe(404);
  });

  it('the served OpenAPI document is generated from the route table', async () => {
    const res = await app.request('GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/filings', '/api/v1/filings/{id}', '/api/v1/settlements']));
    expect(res.body.paths['/api/v1/filings'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(res.body.paths['/healthz'].get.security).toEqual([]);
  });

  it('public routes run with no principal: the request log names no agency', async () => {
    const res = await app.request('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', checks: { temporal: true, database: true } });
    const logged = app.logs.filter((l) => l.msg === 'request' && l.fields?.route === '/readyz');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[logged.length - 1].fields?.agency).toBeUndefined();
  });
});

describe('readiness follows its dependencies', () => {
  it('answers 503 naming Temporal when the frontend is unreachable', async () => {
    const down = await startStubApp({
      temporal: {
        workflowService: {
          getSystemInfo: async () => {
            throw Object.assign(new Error('14 UNAVAILABLE'), { code: 14 });
          },
        } as never,
      },
      db: { db: { admin: () => ({ ping: async () => ({ ok: 1 }) }) } as never },
    });
    try {
      const res = await down.request('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body.checks).toEqual({ temporal: false, database: true });
    } finally {
      await down.close();
    }
  });
});
