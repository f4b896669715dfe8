// Monitoring in simulation mode (M-1, M-2): November and December settlements at one hospital,
// December's average cost a third higher; the daily job at the turn of the year raises the
// month's warnings once (growth over 20%, deduction rate under half the local 2.5%), a clerk
// acknowledges one with a note; the day's error report is kept by the daily job.
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';
import { nextPeriod } from '../../domain/clearing/periods';

jest.setTimeout(600_000);

// A pair of its own (220000 -> 310000): the agency simulator is shared with the clearing tests.
const COUNTER = DEV_API_KEYS.hospital310000.key; // H310000001
const CLERK = DEV_API_KEYS.clerk220000.key;
const AGENCY = DEV_API_KEYS.agency310000.key;
const ADMIN = DEV_API_KEYS.admin.key;

let app: TestApp;

const bill = (amountFen: number, day: string) => ({
  personId: newPersonId(),
  scheme: 'EMPLOYEE',
  personCategory: 'IN_SERVICE',
  insuredRegion: '220000',
  treatmentRegion: '310000',
  hospitalId: 'H310000001',
  hospitalLevel: 3,
  visitType: 'OUTPATIENT',
  admissionDate: day,
  dischargeDate: day,
  emergency: true,
  lines: [{ code: 'A001', name: '抢救费', class: 'A', amountFen }],
});

const clock = async () => (await api(app, 'POST', '/api/v1/dev/clock/advance', { key: ADMIN, body: { duration: 'PT0S' } })).body;
async function advanceTo(date: string, hour = 9) {
  const ms = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`) - Date.parse((await clock()).to);
  if (ms > 0)
    expect(
      (await api(app, 'POST', '/api/v1/dev/clock/advance', { key: ADMIN, body: { duration: `PT${Math.ceil(ms / 1000)}S` } })).status,
    ).toBe(200);
}

beforeAll(async () => {
  app = await startApp({ simulate: true });
});
afterAll(async () => app?.stop());

it('M-1, M-2: indicators per pair and hospital, warnings raised once per crossing and acknowledged; the daily error report kept', async () => {
  const start = (await clock()).to.slice(0, 10);
  const month = start.slice(0, 7);
  const next = nextPeriod(month);
  for (const amountFen of [30_000, 30_000])
    expect(
      (await api(app, 'POST', '/api/v1/settlements', { key: COUNTER, body: bill(amountFen, start), headers: moneyKey() })).status,
    ).toBe(201);
  // M-2: a rejected request today (a bill without its key).
  const refused = await api(app, 'POST', '/api/v1/settlements', { key: COUNTER, body: bill(30_000, start) });
  expect(refused.status).toBe(400);

  await advanceTo(`${next}-10`);
  const decDay = `${next}-10`;
  for (const amountFen of [40_000, 40_000])
    expect(
      (await api(app, 'POST', '/api/v1/settlements', { key: COUNTER, body: bill(amountFen, decDay), headers: moneyKey() })).status,
    ).toBe(201);
  const live = await api(app, 'GET', `/api/v1/monitoring/indicators?period=${next}&hospitalId=H310000001`, { key: AGENCY });
  expect(live.status).toBe(200);
  const hospitalRow = live.body.items.find((i: any) => i.hospitalId === 'H310000001');
  // 2 visits of 400 yuan; November's average 300 yuan: +33.33%; fund 40% of the bill; nothing disallowed.
  expect(hospitalRow).toMatchObject({
    period: next,
    insuredRegion: '220000',
    treatmentRegion: '310000',
    visits: 2,
    totalFen: 80_000,
    fundFen: 32_000,
    avgCostFen: 40_000,
    avgCostGrowthPercent: 33.33,
    reimbursementPercent: 40,
    deductionRatePercent: 0,
    localDeductionRatePercent: 2.5,
  });
  expect(hospitalRow.yoyGrowthPercent).toBeUndefined();

  // The daily job of the month's last day raises its warnings (run on the way by the clock advance).
  await advanceTo(`${nextPeriod(next)}-02`);
  const warnings = await api(app, 'GET', `/api/v1/monitoring/warnings?period=${next}`, { key: CLERK });
  expect(warnings.status).toBe(200);
  const kinds = warnings.body.items.map((w: any) => `${w.kind} ${w.scope.hospitalId ?? 'pair'}`).sort();
  expect(kinds).toEqual([
    'AVG_COST_GROWTH_MOM H310000001',
    'AVG_COST_GROWTH_MOM pair',
    'LOW_DEDUCTION_RATE H310000001',
    'LOW_DEDUCTION_RATE pair',
  ]);
  const growth = warnings.body.items.find((w: any) => w.kind === 'AVG_COST_GROWTH_MOM' && w.scope.hospitalId);
  expect(growth).toMatchObject({ value: 33.33, threshold: 20, status: 'OPEN' });
  const ack = await api(app, 'POST', `/api/v1/monitoring/warnings/${growth.id}/acknowledgement`, {
    key: CLERK,
    body: { note: '已约谈医院，系新开展项目所致' },
  });
  expect(ack.status).toBe(200);
  expect(ack.body).toMatchObject({ status: 'ACKNOWLEDGED', note: '已约谈医院，系新开展项目所致' });
  const twice = await api(app, 'POST', `/api/v1/monitoring/warnings/${growth.id}/acknowledgement`, {
    key: CLERK,
    body: { note: '另一条意见' },
  });
  expect(twice.status).toBe(409);
  expect(twice.body.error.code).toBe('MONITORING_WARNING_ALREADY_ACKNOWLEDGED');
  // E-2: the acknowledgement is in the warning's audit trail with the key that made it, once.
  const trail = await api(app, 'GET', `/api/v1/audit?caseId=${growth.id}`, { key: CLERK });
  expect(trail.status).toBe(200);
  expect(trail.body.items).toHaveLength(1);
  expect(trail.body.items[0]).toMatchObject({
    caseType: 'WARNING',
    action: 'WARNING_ACKNOWLEDGED',
    actor: { role: 'INSURED_CLERK', keyId: expect.any(String) },
    after: { note: '已约谈医院，系新开展项目所致' },
  });
  expect(
    (await api(app, 'POST', `/api/v1/monitoring/warnings/${growth.id}/acknowledgement`, { key: AGENCY, body: { note: 'x' } })).status,
  ).toBe(403);

  // M-2: the first day's report was built and kept by the daily job, with the rejection in it.
  const report = await api(app, 'GET', `/api/v1/monitoring/error-report?day=${start}`, { key: ADMIN });
  expect(report.status).toBe(200);
  expect(report.body.kept).toBe(true);
  expect(report.body.byCode.find((g: any) => g.code === 'IDEMPOTENCY_KEY_REQUIRED')).toMatchObject({ count: 1, category: 'VALIDATION' });
  const own = await api(app, 'GET', `/api/v1/monitoring/error-report?day=${start}`, { key: COUNTER });
  expect(own.body.total).toBe(1);
  expect((await api(app, 'GET', `/api/v1/monitoring/error-report?day=${start}`, { key: CLERK })).body.total).toBe(0);
});
