// E-2 through HTTP on the real stack: every write is audited with the agency, the key and (when
// the caller names one in X-User-Id) the person; settlements and their reversals, filings and
// registry changes included, with before/after where something changed. A case's trail is read
// with GET /audit?caseId= by those who may read the case; anyone else gets 404.
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { temporaryFiling } from '../support/filingRequests';
import { newPersonId } from '../support/people';

const CLERK = DEV_API_KEYS.clerk440800.key;
const OTHER_CLERK = DEV_API_KEYS.clerk220000.key;
const HOSPITAL = DEV_API_KEYS.hospital110000.key;
const AGENCY = DEV_API_KEYS.agency110000.key;

let app: TestApp;
let today: string;
beforeAll(async () => {
  app = await startApp();
  today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
});
afterAll(async () => app?.stop());

const trail = async (caseId: string, key: string) => api(app, 'GET', `/api/v1/audit?caseId=${caseId}`, { key });

it('E-2: a settlement and its reversal are audited with the key and the person at the counter', async () => {
  const person = newPersonId();
  const bill = {
    personId: person,
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '440800',
    treatmentRegion: '110000',
    hospitalId: 'H110000001',
    hospitalLevel: 3,
    visitType: 'OUTPATIENT',
    admissionDate: today,
    emergency: true,
    lines: [{ code: 'A1', name: '急诊', class: 'A', amountFen: 40_000 }],
  };
  const settled = await api(app, 'POST', '/api/v1/settlements', {
    key: HOSPITAL,
    body: bill,
    headers: { ...moneyKey(), 'X-User-Id': 'counter-07' },
  });
  expect(settled.status).toBe(201);
  const reversed = await api(app, 'POST', `/api/v1/settlements/${settled.body.id}/reversal`, {
    key: HOSPITAL,
    body: { reason: '录入错误' },
    headers: { ...moneyKey(), 'X-User-Id': 'counter-09' },
  });
  expect(reversed.status).toBe(201);

  const res = await trail(settled.body.id, HOSPITAL);
  expect(res.status).toBe(200);
  expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['SETTLED', 'REVERSED']);
  const [first, second] = res.body.items;
  expect(first.actor).toMatchObject({
    agencyId: 'HOSPITAL:H110000001',
    role: 'HOSPITAL',
    userId: 'counter-07',
    keyId: expect.stringMatching(/^key:/),
  });
  expect(first.after).toMatchObject({ fundFen: settled.body.fundFen });
  expect(second).toMatchObject({ actor: { userId: 'counter-09' }, before: { status: 'SETTLED' }, after: { status: 'REVERSED' } });
  // The clerk of the insured region reads it too; a clerk of another region does not learn it exists.
  expect((await trail(settled.body.id, CLERK)).status).toBe(200);
  expect((await trail(settled.body.id, OTHER_CLERK)).status).toBe(404);
});

it('E-2: a filing’s trail names the clerk and the person; the treatment agency may read it', async () => {
  const filed = await api(app, 'POST', '/api/v1/filings', {
    key: CLERK,
    body: temporaryFiling({ personId: newPersonId() }),
    headers: { 'X-User-Id': 'clerk-zhang' },
  });
  expect(filed.status).toBe(201);
  let res = await trail(filed.body.id, AGENCY);
  for (let i = 0; i < 30 && res.body.items?.length === 0; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    res = await trail(filed.body.id, AGENCY);
  }
  expect(res.status).toBe(200);
  expect(res.body.items[0]).toMatchObject({ action: 'CREATED', actor: { agencyId: 'INSURED_CLERK:440800', userId: 'clerk-zhang' } });
  expect((await trail(filed.body.id, OTHER_CLERK)).status).toBe(404);
});

it('E-2: a registry change is audited with before and after; an unknown case answers 404', async () => {
  const changed = await api(app, 'POST', '/api/v1/hospitals/H110000003/suspension', {
    key: AGENCY,
    body: { reason: '审计暂停', effectiveDate: today },
    headers: { 'X-User-Id': 'inspector-li' },
  });
  expect(changed.status).toBe(200);
  const res = await trail('H110000003', CLERK);
  expect(res.body.items.at(-1)).toMatchObject({
    action: 'SUSPENDED',
    actor: { agencyId: 'TREATMENT_AGENCY:110000', userId: 'inspector-li' },
    before: { status: 'ACTIVE' },
    after: { status: 'SUSPENDED' },
  });
  expect((await trail('FIL-NOSUCHCASE', CLERK)).status).toBe(404);
  expect((await trail('something-else', CLERK)).status).toBe(404);
});
