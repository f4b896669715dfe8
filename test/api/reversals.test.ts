// S-8 reversal through HTTP on the real stack: the institution that made a settlement reverses
// it; exactly what it took from the annual accumulator goes back, once, however the request is
// retried (same key, another key, concurrently); the settlement then reads REVERSED and counts
// for nothing (no inquiry can be opened on it). Listing settlements (GET /settlements) is scoped
// to the caller: a hospital sees its own institution's only.
import mongoose from 'mongoose';
import { AccumulatorStore } from '../../api/services/accumulators';
import { auditEventModel } from '../../models/auditEvent';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';

const COUNTER_1 = DEV_API_KEYS.hospital110000.key; // H110000001
const COUNTER_2 = DEV_API_KEYS.hospital110000Level2.key; // H110000002
const CLERK = DEV_API_KEYS.clerk220000.key;
const AGENCY = DEV_API_KEYS.agency110000.key;

let app: TestApp;
let db: mongoose.Connection;
let today: string;

/** An emergency outpatient bill (F-3) of a 440800 employee: the 100-yuan annual deductible accumulates (S-5). */
function bill(personId: string, amountFen = 50_000) {
  return {
    personId,
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '440800',
    treatmentRegion: '110000',
    hospitalId: 'H110000001',
    hospitalLevel: 3,
    visitType: 'OUTPATIENT',
    admissionDate: today,
    dischargeDate: today,
    emergency: true,
    lines: [{ code: 'A001', name: '抢救费', class: 'A', amountFen }],
  };
}

async function settled(personId: string) {
  const res = await api(app, 'POST', '/api/v1/settlements', { key: COUNTER_1, body: bill(personId), headers: moneyKey() });
  expect(res.status).toBe(201);
  return res.body as { id: string; accumulator: { key: string; deductibleFen: number; fundFen: number } };
}

const reverse = (id: string, key = COUNTER_1, headers = moneyKey()) =>
  api(app, 'POST', `/api/v1/settlements/${id}/reversal`, { key, body: { reason: '患者未完成治疗离院，单据作废' }, headers });

const totalsOf = (keyId: string) => {
  const [personId, scheme, year, capGroup] = keyId.split(':');
  return new AccumulatorStore(db).read({ personId, scheme: scheme as 'EMPLOYEE', year: Number(year), capGroup: capGroup as 'OUTPATIENT' });
};

beforeAll(async () => {
  app = await startApp();
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
  today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
});
afterAll(async () => {
  await db?.close();
  await app?.stop();
});

describe('S-8: reversal', () => {
  it('S-8: gives back exactly what the settlement took; the settlement reads REVERSED; audited', async () => {
    const s = await settled(newPersonId());
    const taken = s.accumulator;
    expect(taken).toMatchObject({ deductibleFen: 10_000, fundFen: expect.any(Number) });
    expect(taken.fundFen).toBeGreaterThan(0);
    expect(await totalsOf(taken.key)).toMatchObject({ seq: 1, deductibleUsedFen: taken.deductibleFen, fundPaidFen: taken.fundFen });

    const res = await reverse(s.id);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: `REV-${s.id}`, settlementId: s.id, deductibleFen: taken.deductibleFen, fundFen: taken.fundFen });
    expect(await totalsOf(s.accumulator.key)).toMatchObject({ seq: 2, deductibleUsedFen: 0, fundPaidFen: 0 });

    const read = await api(app, 'GET', `/api/v1/settlements/${s.id}`, { key: COUNTER_1 });
    expect(read.body).toMatchObject({ status: 'REVERSED', reversal: { id: `REV-${s.id}` } });
    const audit = await auditEventModel(db).findById(`REV-${s.id}`).lean();
    expect(audit).toMatchObject({ caseType: 'SETTLEMENT', caseId: s.id, action: 'REVERSED', actor: { agencyId: 'HOSPITAL:H110000001' } });
  });

  it('S-8: a retry with the same key, another key, and five concurrent retries move the accumulator once', async () => {
    const s = await settled(newPersonId());
    const headers = moneyKey();
    const first = await reverse(s.id, COUNTER_1, headers);
    const again = await reverse(s.id, COUNTER_1, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => reverse(s.id)));
    expect(concurrent.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(concurrent.map((r) => r.body.id))).toEqual(new Set([`REV-${s.id}`]));
    expect(await totalsOf(s.accumulator.key)).toMatchObject({ seq: 2, deductibleUsedFen: 0, fundPaidFen: 0 });
  });

  it('S-8: concurrent first reversals of one settlement still give back once', async () => {
    const s = await settled(newPersonId());
    const all = await Promise.all(Array.from({ length: 6 }, () => reverse(s.id)));
    expect(all.every((r) => r.status === 201)).toBe(true);
    expect(all.filter((r) => r.headers.get('idempotent-replay') !== 'true')).toHaveLength(1);
    expect(await totalsOf(s.accumulator.key)).toMatchObject({ seq: 2, deductibleUsedFen: 0, fundPaidFen: 0 });
  });

  it('H-4, S-8: another institution cannot reverse it (404, not disclosed); a key is required', async () => {
    const s = await settled(newPersonId());
    expect((await reverse(s.id, COUNTER_2)).status).toBe(404);
    const keyless = await reverse(s.id, COUNTER_1, {});
    expect(keyless.status).toBe(400);
    expect(keyless.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await totalsOf(s.accumulator.key)).toMatchObject({ seq: 1 });
  });

  it('S-8: a manual reimbursement is not reversed by the hospital', async () => {
    const person = newPersonId();
    const rmb = await api(app, 'POST', '/api/v1/reimbursements', {
      key: DEV_API_KEYS.clerk440800.key,
      body: { ...bill(person), emergency: true, ownFault: false },
      headers: moneyKey(),
    });
    expect(rmb.status).toBe(201);
    const res = await reverse(rmb.body.id);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('SETTLEMENT_NOT_REVERSIBLE');
  });

  it('S-8, I-1: a reversed settlement counts for nothing: no inquiry can be opened on it', async () => {
    const s = await settled(newPersonId());
    expect((await reverse(s.id)).status).toBe(201);
    const res = await api(app, 'POST', '/api/v1/inquiries', {
      key: DEV_API_KEYS.clerk440800.key,
      body: { settlementId: s.id, reason: '费用偏高', suspectedViolation: true },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INQUIRY_SETTLEMENT_REVERSED');
  });
});

describe('GET /settlements lists what the caller may see', () => {
  it('H-4: a hospital lists its own institution’s settlements; the clerk and the agency their region’s; by person', async () => {
    const person = newPersonId();
    const a = await settled(person);
    const b = await settled(person);
    await reverse(b.id);
    const period = today.slice(0, 7);

    const own = await api(app, 'GET', `/api/v1/settlements?personId=${person}&period=${period}`, { key: COUNTER_1 });
    expect(own.status).toBe(200);
    expect(own.body.items.map((i: { id: string; status: string }) => [i.id, i.status]).sort()).toEqual(
      [
        [a.id, 'SETTLED'],
        [b.id, 'REVERSED'],
      ].sort(),
    );
    expect((await api(app, 'GET', `/api/v1/settlements?personId=${person}`, { key: COUNTER_2 })).body.total).toBe(0);
    expect((await api(app, 'GET', `/api/v1/settlements?personId=${person}`, { key: DEV_API_KEYS.clerk440800.key })).body.total).toBe(2);
    expect((await api(app, 'GET', `/api/v1/settlements?personId=${person}`, { key: AGENCY })).body.total).toBe(2);
    expect((await api(app, 'GET', `/api/v1/settlements?personId=${person}`, { key: CLERK })).body.total).toBe(0);
  });
});
