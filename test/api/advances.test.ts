// Advance fund on the real stack (P-1, P-5, P-2 schedules): the schedules registered at start-up
// on the dev server (the monthly clearing fires on the 5th at 00:00 Asia/Shanghai, the daily job
// at 00:30); a small quota set by the clerk; concurrent settlements through 70% and 90%: the
// usage is always the sum of the records and exactly one emergency top-up request is opened; a
// top-up closes it and brings usage down.
import mongoose from 'mongoose';
import { Client, Connection } from '@temporalio/client';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';
import { settlementRecordModel } from '../../models/settlementRecord';
import { checkClearingLedger } from '../../models/clearingLedger';
import { dailyCloseScheduleId, monthlyClearingScheduleId } from '../../api/services/schedules';
import { engineDataConverter } from '../../temporal';

jest.setTimeout(300_000);

const COUNTER = DEV_API_KEYS.hospital310000.key; // H310000001
const CLERK = DEV_API_KEYS.clerk440800.key;
const AGENCY = DEV_API_KEYS.agency310000.key;

let app: TestApp;
let db: mongoose.Connection;
let today: string;

/** An emergency outpatient bill of a new 440800 employee: (300 - 100 deductible) x 50% = 10,000 fen of fund. */
const bill = () => ({
  personId: newPersonId(),
  scheme: 'EMPLOYEE',
  personCategory: 'IN_SERVICE',
  insuredRegion: '440800',
  treatmentRegion: '310000',
  hospitalId: 'H310000001',
  hospitalLevel: 3,
  visitType: 'OUTPATIENT',
  admissionDate: today,
  dischargeDate: today,
  emergency: true,
  lines: [{ code: 'A001', name: '抢救费', class: 'A', amountFen: 30_000 }],
});

const settleConcurrently = async (n: number) => {
  const results = await Promise.all(
    Array.from({ length: n }, () => api(app, 'POST', '/api/v1/settlements', { key: COUNTER, body: bill(), headers: moneyKey() })),
  );
  for (const r of results) expect(r.status).toBe(201);
  return results.map((r) => r.body as { id: string; fundFen: number });
};

const advance = async (key = CLERK) => {
  const res = await api(app, 'GET', '/api/v1/advances?treatmentRegion=310000', { key });
  expect(res.status).toBe(200);
  return res.body.items.find((a: any) => a.insuredRegion === '440800');
};

async function advanceUntil(ok: (a: any) => boolean, what: string): Promise<any> {
  let last: any;
  for (let i = 0; i < 150; i += 1) {
    last = await advance();
    if (last && ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`advance never got there (${what}): ${JSON.stringify(last).slice(0, 600)}`);
}

async function recordsSum(): Promise<number> {
  const rows = await settlementRecordModel(db)
    .find({ insuredRegion: '440800', treatmentRegion: '310000', kind: 'DIRECT', reversal: null }, { fundFen: 1 })
    .lean();
  return rows.reduce((n, r) => n + r.fundFen, 0);
}

beforeAll(async () => {
  app = await startApp();
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
  today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
});
afterAll(async () => {
  await db?.close();
  await app?.stop();
});

it('P-2, M-2: the schedules are registered at start-up: clearing on the 5th at 00:00, the daily job at 00:30 (Asia/Shanghai)', async () => {
  const connection = await Connection.connect({ address: app.env.TEMPORAL_ADDRESS! });
  try {
    // The API's client encrypts payloads (the schedule's arguments too): read them with the same codec.
    const client = new Client({
      connection,
      dataConverter: engineDataConverter({ PAYLOAD_ENCRYPTION_KEYS: app.env.PAYLOAD_ENCRYPTION_KEYS ?? '' }),
    });
    const tq = app.env.TEMPORAL_TASK_QUEUE!;
    const monthly = await client.schedule.getHandle(monthlyClearingScheduleId(tq, '440800')).describe();
    const next = monthly.info.nextActionTimes[0];
    const shanghai = new Date(next.getTime() + 8 * 3_600_000).toISOString();
    expect(shanghai.slice(8, 19)).toBe('05T00:00:00');
    expect(monthly.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'clearingRunWorkflow',
      args: [{ policyRegion: '440800' }],
    });
    const daily = await client.schedule.getHandle(dailyCloseScheduleId(tq)).describe();
    expect(new Date(daily.info.nextActionTimes[0].getTime() + 8 * 3_600_000).toISOString().slice(11, 19)).toBe('00:30:00');
  } finally {
    await connection.close();
  }
});

it('P-1, P-5: usage through 70% and 90% under concurrent settlements is always the sum of the records, with exactly one top-up request', async () => {
  const quota = await api(app, 'POST', '/api/v1/advances/quota', { key: CLERK, body: { treatmentRegion: '310000', quotaFen: 100_000 } });
  expect(quota.status).toBe(200);
  expect(quota.body).toMatchObject({ quotaFen: 100_000, balanceFen: 100_000, outstandingFen: 0, usagePercent: 0, alert: 'NONE' });

  await settleConcurrently(7);
  const yellow = await advance();
  expect(yellow.outstandingFen).toBe(await recordsSum());
  expect(yellow).toMatchObject({ usagePercent: yellow.outstandingFen / 1_000, alert: 'YELLOW' });

  await settleConcurrently(6);
  const red = await advanceUntil((a) => a.topUpRequestId !== undefined, 'a top-up request');
  expect(red.outstandingFen).toBe(await recordsSum());
  expect(red).toMatchObject({ alert: 'RED', topUpRequestId: 'TOPUP-440800-310000-1' });
  expect(red.usagePercent).toBeGreaterThanOrEqual(90);
  // More settlements past the red line open no second request.
  await settleConcurrently(4);
  await new Promise((r) => setTimeout(r, 1500));
  const still = await advance();
  expect(still.outstandingFen).toBe(await recordsSum());
  expect(still.topUpRequests.map((r: any) => r.id)).toEqual(['TOPUP-440800-310000-1']);
  expect(still.topUpRequests[0]).toMatchObject({ status: 'OPEN', reminderDates: expect.any(Array) });
  // The treatment agency sees the same advance.
  const total = await recordsSum();
  expect((await advance(AGENCY)).outstandingFen).toBe(total);

  // A top-up closes the request; usage falls under the lines.
  const topUp = await api(app, 'POST', '/api/v1/advances/top-ups', {
    key: CLERK,
    body: { treatmentRegion: '310000', amountFen: 200_000 },
    headers: moneyKey(),
  });
  expect(topUp.status).toBe(201);
  expect(topUp.body.advance).toMatchObject({
    balanceFen: 300_000,
    outstandingFen: total,
    usagePercent: Math.floor((total * 10_000) / 300_000) / 100,
    alert: 'NONE',
  });
  const closed = await advanceUntil((a) => a.topUpRequestId === undefined, 'the request closed');
  expect(closed.topUpRequests[0]).toMatchObject({
    id: 'TOPUP-440800-310000-1',
    status: 'TOPPED_UP',
    closedByTopUp: { amountFen: 200_000 },
  });
  const bad = await api(app, 'POST', '/api/v1/advances/top-ups', {
    key: CLERK,
    body: { treatmentRegion: '440800', amountFen: 1 },
    headers: moneyKey(),
  });
  expect(bad.body.error.code).toBe('ADVANCE_TOP_UP_INVALID');
  // S-5: money moves only under an Idempotency-Key; without one nothing is booked.
  const unkeyed = await api(app, 'POST', '/api/v1/advances/top-ups', { key: CLERK, body: { treatmentRegion: '310000', amountFen: 5 } });
  expect(unkeyed.status).toBe(400);
  expect(unkeyed.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  expect((await advance(AGENCY)).balanceFen).toBe(300_000);

  // E-2: the pair's case has an audit trail, read by its two regions and no one else.
  const trail = await api(app, 'GET', '/api/v1/audit?caseId=ADV-440800-310000', { key: CLERK });
  expect(trail.status).toBe(200);
  expect(trail.body.items.length).toBeGreaterThan(0);
  expect(trail.body.items.every((e: any) => e.caseType === 'ADVANCE')).toBe(true);
  expect((await api(app, 'GET', '/api/v1/audit?caseId=ADV-440800-310000', { key: AGENCY })).status).toBe(200);
  const stranger = await api(app, 'GET', '/api/v1/audit?caseId=ADV-440800-310000', { key: DEV_API_KEYS.clerk220000.key });
  expect(stranger.status).toBe(404);

  // P-1: every movement is in the ledger, and it balances (grant, quota change, top-up).
  const ledger = await checkClearingLedger(db, { caseId: 'ADV-440800-310000' });
  expect(ledger.balanced).toBe(true);
  expect(ledger.byAccount['ADVANCE-440800-310000']).toBe(300_000);
  expect(ledger.byAccount['FUND-440800']).toBe(-300_000);
});
