// The designated-institution registry through HTTP on the real stack (H-1..H-4): the registry
// is served with its status history; a suspension stops direct settlement at the institution
// with its reason and date, and a reinstatement lets it settle again; the facts that set the
// payout come from the registry; a HOSPITAL key acts for its own institution only; money writes
// need an Idempotency-Key (S-5). Every refusal leaves nothing charged.
import mongoose from 'mongoose';
import { accumulatorChargeModel } from '../../models/accumulator';
import { auditEventModel } from '../../models/auditEvent';
import { createApiKey } from '../../api/http/apiKeys';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';

const COUNTER_1 = DEV_API_KEYS.hospital110000.key; // H110000001, level 3
const COUNTER_2 = DEV_API_KEYS.hospital110000Level2.key; // H110000002, level 2
const COUNTER_5 = DEV_API_KEYS.hospital110000Level1.key; // H110000005, level 1
const AGENCY = DEV_API_KEYS.agency110000.key;
const OTHER_AGENCY = DEV_API_KEYS.agency310000.key;
const CLERK = DEV_API_KEYS.clerk220000.key;

let app: TestApp;
let db: mongoose.Connection;
let today: string;

/** An emergency inpatient bill (F-3: no filing needed) of a 220000 person at one institution. */
function bill(hospitalId: string, hospitalLevel: number, personId = newPersonId()) {
  return {
    personId,
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '220000',
    treatmentRegion: '110000',
    hospitalId,
    hospitalLevel,
    visitType: 'INPATIENT',
    admissionDate: today,
    dischargeDate: today,
    emergency: true,
    lines: [{ code: 'A001', name: '抢救费', class: 'A', amountFen: 500_000 }],
  };
}

const settle = (key: string, body: unknown, headers: Record<string, string> = moneyKey()) =>
  api(app, 'POST', '/api/v1/settlements', { key, body, headers });

const chargesOf = (personId: string) => accumulatorChargeModel(db).countDocuments({ keyId: { $regex: `^${personId}:` } });

beforeAll(async () => {
  app = await startApp();
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
  today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
});
afterAll(async () => {
  await db?.close();
  await app?.stop();
});

describe('H-1: the registry is served with status and history', () => {
  it('H-1: GET /hospitals?region=110000 lists the institutions with level, networked and status', async () => {
    const res = await api(app, 'GET', '/api/v1/hospitals?region=110000', { key: CLERK });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((h: { id: string }) => [h.id, h]));
    expect(byId.H110000001).toMatchObject({ level: 3, networked: true, status: 'ACTIVE', history: [] });
    expect(byId.H110000004).toMatchObject({ level: 1, networked: false });
    expect(byId.H110000005).toMatchObject({ level: 1, networked: true });
    expect(res.body.items.every((h: { region: string }) => h.region === '110000')).toBe(true);
  });

  it('H-1: an unknown institution answers 404 and a malformed id 400', async () => {
    expect((await api(app, 'GET', '/api/v1/hospitals/H110000999', { key: CLERK })).status).toBe(404);
    expect((await api(app, 'GET', '/api/v1/hospitals/not-an-id', { key: CLERK })).status).toBe(400);
  });
});

describe('H-2: suspension and reinstatement', () => {
  it('H-1, H-2: a suspended institution is refused with the reason and date; reinstated, it settles again; both audited', async () => {
    const reason = '违规使用医保基金，暂停异地就医直接结算';
    const suspended = await api(app, 'POST', '/api/v1/hospitals/H110000002/suspension', {
      key: AGENCY,
      body: { reason, effectiveDate: today },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ status: 'SUSPENDED', statusSince: today, statusReason: reason });
    expect(suspended.body.history).toHaveLength(1);

    const person = newPersonId();
    const refused = await settle(COUNTER_2, bill('H110000002', 2, person));
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'SETTLEMENT_HOSPITAL_SUSPENDED',
      category: 'POLICY',
      details: { reason, since: today },
    });
    expect(await chargesOf(person)).toBe(0);

    const again = await api(app, 'POST', '/api/v1/hospitals/H110000002/suspension', {
      key: AGENCY,
      body: { reason, effectiveDate: today },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('HOSPITAL_ALREADY_SUSPENDED');

    const reinstated = await api(app, 'POST', '/api/v1/hospitals/H110000002/reinstatement', {
      key: AGENCY,
      body: { reason: '整改完成', effectiveDate: today },
    });
    expect(reinstated.status).toBe(200);
    expect(reinstated.body).toMatchObject({ status: 'ACTIVE', statusSince: today });
    expect(reinstated.body.history.map((c: { status: string }) => c.status)).toEqual(['SUSPENDED', 'ACTIVE']);

    const settled = await settle(COUNTER_2, bill('H110000002', 2, person));
    expect(settled.status).toBe(201);
    expect(await chargesOf(person)).toBe(1);

    const audit = await auditEventModel(db).find({ caseType: 'HOSPITAL', caseId: 'H110000002' }).sort({ at: 1 }).lean();
    expect(audit.map((a) => a.action)).toEqual(['SUSPENDED', 'REINSTATED']);
    expect(audit[0]).toMatchObject({
      actor: { agencyId: 'TREATMENT_AGENCY:110000' },
      before: { status: 'ACTIVE' },
      after: { status: 'SUSPENDED' },
    });
  });

  it('H-1: another region’s agency cannot suspend; a hospital key cannot either', async () => {
    const other = await api(app, 'POST', '/api/v1/hospitals/H110000003/suspension', {
      key: OTHER_AGENCY,
      body: { reason: '越权', effectiveDate: today },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('HOSPITAL_NOT_IN_YOUR_REGION');
    const hospital = await api(app, 'POST', '/api/v1/hospitals/H110000003/suspension', {
      key: COUNTER_1,
      body: { reason: '越权', effectiveDate: today },
    });
    expect(hospital.status).toBe(403);
    expect((await api(app, 'GET', '/api/v1/hospitals/H110000003', { key: CLERK })).body.status).toBe('ACTIVE');
  });

  it('H-2: a suspension effective tomorrow does not stop today’s bills', async () => {
    const tomorrow = new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await api(app, 'POST', '/api/v1/hospitals/H110000005/suspension', {
      key: DEV_API_KEYS.admin.key,
      body: { reason: '下月起暂停', effectiveDate: tomorrow },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ACTIVE');
    expect((await settle(COUNTER_5, bill('H110000005', 1))).status).toBe(201);
  });
});

describe('H-3: the payout facts come from the registry', () => {
  it('H-3: a bill stating another level is refused naming the registered level; nothing charged', async () => {
    const person = newPersonId();
    const res = await settle(COUNTER_1, bill('H110000001', 2, person));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'SETTLEMENT_HOSPITAL_LEVEL_MISMATCH', details: { registeredLevel: 3, billLevel: 2 } });
    expect(await chargesOf(person)).toBe(0);
  });

  it('H-2: an institution that is not networked cannot settle directly', async () => {
    const { key } = await createApiKey(db, { role: 'HOSPITAL', region: '110000', hospitalId: 'H110000004', label: 'not networked (test)' });
    const res = await settle(key, bill('H110000004', 1));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SETTLEMENT_HOSPITAL_NOT_NETWORKED');
  });

  it('H-3: a bill cannot name its own institution as its referrer', async () => {
    const res = await settle(COUNTER_1, { ...bill('H110000001', 3), referredBy: 'H110000001' });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('SETTLEMENT_SELF_REFERRAL');
  });
});

describe('H-4: a hospital key acts for its own institution', () => {
  it('H-4: a key billing as another institution of its region is refused; nothing charged', async () => {
    const person = newPersonId();
    const res = await settle(COUNTER_1, bill('H110000002', 2, person));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'AUTH_FORBIDDEN_INSTITUTION', category: 'AUTH' });
    expect(await chargesOf(person)).toBe(0);
  });

  it('H-4: a hospital reads its own settlements only; the treatment agency reads all of its region', async () => {
    const own = await settle(COUNTER_5, bill('H110000005', 1));
    expect(own.status).toBe(201);
    expect((await api(app, 'GET', `/api/v1/settlements/${own.body.id}`, { key: COUNTER_5 })).status).toBe(200);
    expect((await api(app, 'GET', `/api/v1/settlements/${own.body.id}`, { key: COUNTER_1 })).status).toBe(404);
    expect((await api(app, 'GET', `/api/v1/settlements/${own.body.id}`, { key: AGENCY })).status).toBe(200);
  });
});

describe('S-5: money writes need an Idempotency-Key', () => {
  it('S-5: a settlement without a key is refused with 400 IDEMPOTENCY_KEY_REQUIRED; nothing charged', async () => {
    const person = newPersonId();
    const res = await settle(COUNTER_1, bill('H110000001', 3, person), {});
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED', category: 'VALIDATION' });
    expect(await chargesOf(person)).toBe(0);
  });

  it('S-5: a reimbursement without a key is refused too', async () => {
    const res = await api(app, 'POST', '/api/v1/reimbursements', { key: CLERK, body: { ...bill('H110000001', 3), ownFault: false } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });
});
