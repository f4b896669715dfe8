// R-1 and F-11 through HTTP on the real stack: a city's clerk files under its province's policy;
// what a filing covers is decided by coverage (a capital's filing settles at the provincial-level
// institutions, another city's does not); one live filing per person and coverage, also for two
// filings opened at the same moment and for a filing moved into a region where another is live.
import mongoose from 'mongoose';
import { createApiKey } from '../../api/http/apiKeys';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { temporaryFiling } from '../support/filingRequests';
import { newPersonId } from '../support/people';

const CLERK_220100 = DEV_API_KEYS.clerk220100.key;
const CLERK_220000 = DEV_API_KEYS.clerk220000.key;
const CLERK_440800 = DEV_API_KEYS.clerk440800.key;

let app: TestApp;
let db: mongoose.Connection;
let today: string;

beforeAll(async () => {
  app = await startApp();
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
  today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
});
afterAll(async () => {
  await db?.close();
  await app?.stop();
});

const file = (key: string, body: unknown) => api(app, 'POST', '/api/v1/filings', { key, body });
const read = async (id: string, key: string) => (await api(app, 'GET', `/api/v1/filings/${id}`, { key })).body;

/** Reads the filing until `done` holds (the superseded case publishes its view a moment later). */
async function eventually(id: string, key: string, done: (doc: any) => boolean): Promise<any> {
  let doc = await read(id, key);
  for (let i = 0; i < 60 && !done(doc); i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    doc = await read(id, key);
  }
  return doc;
}

describe('R-1: a city without its own policy files under its province’s', () => {
  it('R-1: the Changchun (220100) clerk files for a person insured in 220100, under the 220000 policy', async () => {
    const res = await file(CLERK_220100, temporaryFiling({ insuredRegion: '220100', treatmentRegion: '110000', scheme: 'EMPLOYEE' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'ACTIVE', insuredRegion: '220100', treatmentRegion: '110000', type: 'OTHER_TEMPORARY' });
    // A city clerk acts for its own city, not for the province.
    const other = await file(CLERK_220100, temporaryFiling({ insuredRegion: '220000', treatmentRegion: '110000' }));
    expect(other.status).toBe(403);
  });
});

describe('R-1: coverage at the counter', () => {
  let provincial: string;
  let changchun: string;
  beforeAll(async () => {
    provincial = (await createApiKey(db, { role: 'HOSPITAL', region: '220000', hospitalId: 'H220000001', label: '吉林省人民医院 (test)' }))
      .key;
    changchun = (await createApiKey(db, { role: 'HOSPITAL', region: '220100', hospitalId: 'H220100001', label: '吉林大学第一医院 (test)' }))
      .key;
  });

  const bill = (personId: string, hospitalId: string, treatmentRegion: string) => ({
    personId,
    scheme: 'RESIDENT',
    personCategory: 'IN_SERVICE',
    insuredRegion: '440800',
    treatmentRegion,
    hospitalId,
    hospitalLevel: 3,
    visitType: 'INPATIENT',
    admissionDate: today,
    lines: [{ code: 'A1', name: '床位费', class: 'A', amountFen: 300_000 }],
  });

  it('R-1: a filing to the capital (220100) settles at a provincial-level institution (220000)', async () => {
    const person = newPersonId();
    expect((await file(CLERK_440800, temporaryFiling({ personId: person, treatmentRegion: '220100' }))).status).toBe(201);
    const res = await api(app, 'POST', '/api/v1/settlements', {
      key: provincial,
      body: bill(person, 'H220000001', '220000'),
      headers: moneyKey(),
    });
    expect(res.status).toBe(201);
    expect(res.body.filingId).toBeDefined();
  });

  it('R-1: a filing to the province (220000) settles at a Changchun institution', async () => {
    const person = newPersonId();
    expect((await file(CLERK_440800, temporaryFiling({ personId: person, treatmentRegion: '220000' }))).status).toBe(201);
    const res = await api(app, 'POST', '/api/v1/settlements', {
      key: changchun,
      body: bill(person, 'H220100001', '220100'),
      headers: moneyKey(),
    });
    expect(res.status).toBe(201);
  });

  it('R-1: a filing to another city (220200) does not cover Changchun', async () => {
    const person = newPersonId();
    expect((await file(CLERK_440800, temporaryFiling({ personId: person, treatmentRegion: '220200' }))).status).toBe(201);
    const res = await api(app, 'POST', '/api/v1/settlements', {
      key: changchun,
      body: bill(person, 'H220100001', '220100'),
      headers: moneyKey(),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SETTLEMENT_NO_VALID_FILING');
  });
});

describe('F-11: one live filing per person and coverage', () => {
  it('F-11: two filings opened at the same moment leave exactly one ACTIVE', async () => {
    const person = newPersonId();
    const [a, b] = await Promise.all([
      file(CLERK_440800, temporaryFiling({ personId: person })),
      file(CLERK_440800, temporaryFiling({ personId: person, scheme: 'RESIDENT' })),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const settled = (doc: any) => doc.status !== 'ACTIVE' || doc.events.some((e: { type: string }) => e.type === 'SUPERSEDED_PREVIOUS');
    const docs = [await eventually(a.body.id, CLERK_440800, settled), await eventually(b.body.id, CLERK_440800, settled)];
    const statuses = docs.map((d) => d.status).sort();
    expect(statuses).toEqual(['ACTIVE', 'SUPERSEDED']);
  });

  it('F-11, R-1: a filing to the province supersedes the live filing to its capital', async () => {
    const person = newPersonId();
    const capital = await file(CLERK_440800, temporaryFiling({ personId: person, treatmentRegion: '220100' }));
    const province = await file(CLERK_440800, temporaryFiling({ personId: person, treatmentRegion: '220000' }));
    expect(province.status).toBe(201);
    expect((await eventually(capital.body.id, CLERK_440800, (d) => d.status !== 'ACTIVE')).status).toBe('SUPERSEDED');
    // Another city's filing does not compete with either.
    const other = await file(CLERK_440800, temporaryFiling({ personId: person, treatmentRegion: '310000' }));
    expect(other.status).toBe(201);
    expect((await read(province.body.id, CLERK_440800)).status).toBe('ACTIVE');
  });

  it('F-11: a filing moved to another region supersedes the person’s live filing there', async () => {
    const person = newPersonId();
    const beijing = await file(CLERK_220000, temporaryFiling({ personId: person, insuredRegion: '220000', scheme: 'EMPLOYEE' }));
    const shanghai = await file(
      CLERK_220000,
      temporaryFiling({ personId: person, insuredRegion: '220000', scheme: 'EMPLOYEE', treatmentRegion: '310000' }),
    );
    expect([beijing.status, shanghai.status]).toEqual([201, 201]);
    const moved = await api(app, 'POST', `/api/v1/filings/${beijing.body.id}/change`, {
      key: CLERK_220000,
      body: { treatmentRegion: '310000' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.treatmentRegion).toBe('310000');
    expect(moved.body.events.map((e: { type: string }) => e.type)).toContain('SUPERSEDED_PREVIOUS');
    expect((await eventually(shanghai.body.id, CLERK_220000, (d) => d.status !== 'ACTIVE')).status).toBe('SUPERSEDED');
  });
});
