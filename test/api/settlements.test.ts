// Real-time direct settlement through HTTP against the real stack (worker + API child
// processes, Temporal dev server, FerretDB): DOMAIN.md section 3 and the S-5 accumulators.
import mongoose from 'mongoose';
import { personIdCheckChar } from '../../domain/personId';
import { accumulatorKeyId } from '../../domain/settlement';
import { AccumulatorStore } from '../../api/services/accumulators';
import { settlementRecordModel } from '../../models/settlementRecord';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';

const HOSPITAL = DEV_API_KEYS.hospital110000.key;
const CLERK_440800 = DEV_API_KEYS.clerk440800.key;
const CLERK_220000 = DEV_API_KEYS.clerk220000.key;
const AGENCY_110000 = DEV_API_KEYS.agency110000.key;

let app: TestApp;
let db: mongoose.Connection;
let today: string;
let personSeq = 0;

/** A fresh valid resident ID (GB 11643 check character) per call, so tests never share a person. */
function newPerson(): string {
  personSeq += 1;
  const first17 = `44080219800101${String(personSeq).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

/** DOMAIN.md section 9 worked-example lines: A 6,000.00, B 3,000.00 (self 10%), SELF 1,000.00. */
const WORKED_LINES = [
  { code: 'A001', name: '床位费', class: 'A', amountFen: 600000 },
  { code: 'B001', name: '乙类药品', class: 'B', amountFen: 300000, selfSharePercent: 10 },
  { code: 'S001', name: '自费项目', class: 'SELF', amountFen: 100000 },
];

function bill(personId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    personId,
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '440800',
    treatmentRegion: '110000',
    hospitalId: 'H110000001',
    hospitalLevel: 3,
    visitType: 'INPATIENT',
    admissionDate: today,
    dischargeDate: today,
    lines: WORKED_LINES,
    ...overrides,
  };
}

async function file(personId: string, overrides: Record<string, unknown> = {}, key: string = CLERK_440800) {
  const res = await api(app, 'POST', '/api/v1/filings', {
    key,
    body: {
      personId,
      scheme: 'EMPLOYEE',
      insuredRegion: '440800',
      treatmentRegion: '110000',
      type: 'OTHER_TEMPORARY',
      commitment: false,
      ...overrides,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; status: string; validFrom: string };
}

const settle = (body: unknown, headers: Record<string, string> = moneyKey(), key: string = HOSPITAL) =>
  api(app, 'POST', '/api/v1/settlements', { key, body, headers });

const recordsOf = (personId: string) => settlementRecordModel(db).countDocuments({ personId });

const accumulatorOf = (personId: string, visitType = 'INPATIENT') =>
  new AccumulatorStore(db).read({ personId, scheme: 'EMPLOYEE', year: Number(today.slice(0, 4)), capGroup: visitType as 'INPATIENT' });

beforeAll(async () => {
  app = await startApp();
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
  const health = await api(app, 'GET', '/healthz');
  expect(health.status).toBe(200);
  // The date the API settles on (real clock, Asia/Shanghai): filings start today.
  today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
});

afterAll(async () => {
  await db?.close();
  await app?.stop();
});

describe('POST /api/v1/settlements (S-1..S-6)', () => {
  it('S-2, S-3: the DOMAIN.md section 9 worked example settles end to end and can be read back', async () => {
    const person = newPerson();
    const filing = await file(person);
    expect(filing.status).toBe('ACTIVE');

    const res = await settle(bill(person));

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'DIRECT',
      stored: true,
      totalFen: 1000000,
      eligibleFen: 870000,
      deductibleFen: 100000,
      basePercent: 80,
      reductionPoints: 20,
      reductionReason: 'OTHER_TEMPORARY',
      ratioPercent: 60,
      fundFen: 462000,
      personalFen: 538000,
      capAppliedFen: 0,
      filingId: filing.id,
      policyRegion: '440800',
      period: today.slice(0, 7),
    });
    expect(res.body.id).toMatch(/^STL-/);
    // S-6: the trace walks every rule a clerk needs to explain the result.
    const rules = new Set(res.body.ruleTrace.map((s: { rule: string }) => s.rule));
    for (const rule of ['S-1', 'F-4', 'S-3', 'S-2', 'S-5']) expect(rules).toContain(rule);

    for (const key of [HOSPITAL, CLERK_440800, AGENCY_110000]) {
      const read = await api(app, 'GET', `/api/v1/settlements/${res.body.id}`, { key });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    }
    // Another insured region's clerk does not learn that it exists.
    expect((await api(app, 'GET', `/api/v1/settlements/${res.body.id}`, { key: CLERK_220000 })).status).toBe(404);
  });

  it('S-6: a quote (hospital or insured clerk) gives the same breakdown and stores nothing', async () => {
    const person = newPerson();
    await file(person);

    const byHospital = await api(app, 'POST', '/api/v1/settlements/quote', { key: HOSPITAL, body: bill(person) });
    const byClerk = await api(app, 'POST', '/api/v1/settlements/quote', { key: CLERK_440800, body: bill(person) });

    expect(byHospital.status).toBe(200);
    expect(byHospital.body).toMatchObject({ id: null, stored: false, period: null, fundFen: 462000, personalFen: 538000 });
    expect({ ...byClerk.body, settledAt: 0 }).toEqual({ ...byHospital.body, settledAt: 0 });
    expect(await recordsOf(person)).toBe(0);
    expect(await accumulatorOf(person)).toMatchObject({ seq: 0, fundPaidFen: 0 });
  });

  it('S-5: the same Idempotency-Key stores one settlement and charges the accumulator once', async () => {
    const person = newPerson();
    await file(person);
    // Outpatient: the deductible is per year, so a second charge would show in it.
    const outpatient = bill(person, { visitType: 'OUTPATIENT', lines: [{ code: 'A1', name: '诊查', class: 'A', amountFen: 50000 }] });

    const first = await settle(outpatient, { 'Idempotency-Key': `stl-${person}` });
    const again = await settle(outpatient, { 'Idempotency-Key': `stl-${person}` });
    const other = await settle(outpatient, { 'Idempotency-Key': `stl-${person}-2` });

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    // 500.00 - 100.00 yearly deductible = 400.00 x (60 - 20)% = 160.00; the next bill pays no deductible.
    expect(first.body).toMatchObject({ deductibleFen: 10000, fundFen: 16000 });
    expect(other.body).toMatchObject({ deductibleFen: 0, fundFen: 20000 });
    expect(other.body.id).not.toBe(first.body.id);
    expect(await recordsOf(person)).toBe(2);
    expect(await accumulatorOf(person, 'OUTPATIENT')).toMatchObject({ seq: 2, deductibleUsedFen: 10000, fundPaidFen: 36000 });
  });

  it('S-5, API.md: the same Idempotency-Key with another bill answers 409 IDEMPOTENCY_KEY_REUSED and charges nothing', async () => {
    const person = newPerson();
    await file(person);
    const key = `reuse-${person}`;
    const first = await settle(bill(person), { 'Idempotency-Key': key });
    const reused = await settle(bill(person, { hospitalLevel: 2 }), { 'Idempotency-Key': key });

    expect(first.status).toBe(201);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', category: 'CONFLICT' });
    expect(await recordsOf(person)).toBe(1);
    expect(await accumulatorOf(person)).toMatchObject({ seq: 1, fundPaidFen: first.body.fundFen });
  });

  it('F-4, API.md: a keyed bill refused for want of a filing is refused alike on retry, even once a filing exists', async () => {
    const person = newPerson();
    const key = `refused-${person}`;
    const refused = await settle(bill(person), { 'Idempotency-Key': key });
    await file(person);
    const retried = await settle(bill(person), { 'Idempotency-Key': key });
    const fresh = await settle(bill(person), { 'Idempotency-Key': `${key}-new` });

    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('SETTLEMENT_NO_VALID_FILING');
    expect(retried.status).toBe(422);
    expect(retried.headers.get('idempotent-replay')).toBe('true');
    expect({ ...retried.body.error, requestId: undefined }).toEqual({ ...refused.body.error, requestId: undefined });
    // The retry charged nothing; a new key is judged afresh and settles under the new filing.
    expect(fresh.status).toBe(201);
    expect(await recordsOf(person)).toBe(1);
    expect(await accumulatorOf(person)).toMatchObject({ seq: 1 });
  });

  it('S-5, F-8: a keyed retry of a stored settlement answers it as stored although its filing moved to another region since', async () => {
    const person = newPerson();
    const filing = await file(person);
    const key = `after-change-${person}`;
    const first = await settle(bill(person), { 'Idempotency-Key': key });
    const changed = await api(app, 'POST', `/api/v1/filings/${filing.id}/change`, {
      key: CLERK_440800,
      body: { treatmentRegion: '310000' },
    });
    const retried = await settle(bill(person), { 'Idempotency-Key': key });
    const unkeyed = await settle(bill(person));

    expect(first.status).toBe(201);
    expect(changed.status).toBe(200);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replay')).toBe('true');
    expect(retried.body).toEqual(first.body);
    // The change took effect for this API at once, not after its memory of the filing expired.
    expect(unkeyed.status).toBe(422);
    expect(unkeyed.body.error.code).toBe('SETTLEMENT_NO_VALID_FILING');
    expect(await recordsOf(person)).toBe(1);
  });

  it('X-1, F-4: after a person-number change the filing settles bills under the new number and the former one', async () => {
    const oldId = newPerson();
    const newId = newPerson();
    const filing = await file(oldId);
    const renumbered = await api(app, 'POST', `/api/v1/persons/${oldId}/renumber`, { key: CLERK_440800, body: { newPersonId: newId } });
    expect(renumbered.status).toBe(200);

    // The filing workflow takes the new number and republishes its view; bills wait for that.
    let underNew = await settle(bill(newId));
    for (let i = 0; i < 50 && underNew.status !== 201; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      underNew = await settle(bill(newId));
    }
    const underOld = await settle(bill(oldId));

    expect(underNew.status).toBe(201);
    expect(underNew.body).toMatchObject({ personId: newId, filingId: filing.id, reductionReason: 'OTHER_TEMPORARY' });
    expect(underOld.status).toBe(201);
    expect(underOld.body).toMatchObject({ personId: oldId, filingId: filing.id });
  });

  it('S-5: a charge whose record was never written (a crash between the two) is found by GET and repaired; a retry charges nothing', async () => {
    const person = newPerson();
    await file(person);
    const headers = moneyKey();
    const first = await settle(bill(person), headers);
    expect(first.status).toBe(201);
    // The process died after charging the accumulator and before writing the record.
    await settlementRecordModel(db).deleteOne({ _id: first.body.id });
    expect(await recordsOf(person)).toBe(0);

    const read = await api(app, 'GET', `/api/v1/settlements/${first.body.id}`, { key: HOSPITAL });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.body.id, fundFen: first.body.fundFen, status: 'SETTLED' });
    expect(await recordsOf(person)).toBe(1);

    const retried = await settle(bill(person), headers);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replay')).toBe('true');
    expect((await accumulatorOf(person)).seq).toBe(1);
  });

  it('X-1, S-5: after a renumbering the annual accumulator carries over: one outpatient deductible for both numbers', async () => {
    const oldId = newPerson();
    const newId = newPerson();
    await file(oldId);
    const outpatient = (personId: string) =>
      bill(personId, { visitType: 'OUTPATIENT', lines: [{ code: 'A1', name: '门诊', class: 'A', amountFen: 50_000 }] });
    const before = await settle(outpatient(oldId));
    expect(before.status).toBe(201);
    expect(before.body.accumulator).toMatchObject({ deductibleFen: 10_000 });

    const renumbered = await api(app, 'POST', `/api/v1/persons/${oldId}/renumber`, { key: CLERK_440800, body: { newPersonId: newId } });
    expect(renumbered.status).toBe(200);
    expect(renumbered.body).toMatchObject({ personId: oldId, newPersonId: newId, canonicalPersonId: oldId });

    let after = await settle(outpatient(newId));
    for (let i = 0; i < 50 && after.status !== 201; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      after = await settle(outpatient(newId));
    }
    expect(after.status).toBe(201);
    // The 100.00 annual deductible was used under the old number: none is charged again.
    expect(after.body.deductibleFen).toBe(0);
    expect(after.body.accumulator.key).toBe(before.body.accumulator.key);
    const totals = await new AccumulatorStore(db).read({
      personId: oldId,
      scheme: 'EMPLOYEE',
      year: Number(today.slice(0, 4)),
      capGroup: 'OUTPATIENT',
    });
    expect(totals).toMatchObject({ seq: 2, deductibleUsedFen: 10_000, fundPaidFen: before.body.fundFen + after.body.fundFen });
  });

  it('X-1: a number that already belongs to another person cannot be taken', async () => {
    const a = newPerson();
    const b = newPerson();
    await file(a);
    await file(b);
    const res = await api(app, 'POST', `/api/v1/persons/${a}/renumber`, { key: CLERK_440800, body: { newPersonId: b } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('PERSON_NUMBER_IN_USE');
  });

  const problemFields = (res: { body: any }) =>
    res.body.error.details.fields.map((f: { path: string; problem?: string }) => [f.path, f.problem]);

  interface BadBill {
    label: string;
    change: Record<string, unknown>;
    code: string;
    field: [string, string];
  }
  const badBills: BadBill[] = [
    {
      label: 'a negative amount',
      change: { lines: [{ code: 'A', name: 'a', class: 'A', amountFen: -1 }] },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.lines.0.amountFen', 'AMOUNT_INVALID'],
    },
    {
      label: 'a non-integer amount',
      change: { lines: [{ code: 'A', name: 'a', class: 'A', amountFen: 10.5 }] },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.lines.0.amountFen', 'AMOUNT_INVALID'],
    },
    {
      label: 'an unknown class (S-1)',
      change: { lines: [{ code: 'A', name: 'a', class: 'C', amountFen: 100 }] },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.lines.0.class', 'UNKNOWN_VALUE'],
    },
    {
      label: 'a B line without selfSharePercent (S-2)',
      change: { lines: [{ code: 'B', name: 'b', class: 'B', amountFen: 100 }] },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.lines.0.selfSharePercent', 'SELF_SHARE_MISSING'],
    },
    {
      label: 'discharge before admission',
      change: { admissionDate: '2026-03-10', dischargeDate: '2026-03-09' },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.dischargeDate', 'DISCHARGE_BEFORE_ADMISSION'],
    },
    {
      label: 'an unknown hospital level (S-3)',
      change: { hospitalLevel: 4 },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.hospitalLevel', 'HOSPITAL_LEVEL_INVALID'],
    },
    {
      label: 'a wrong ID check character (GB 11643)',
      change: { personId: 'WRONG_CHECK' },
      code: 'SETTLEMENT_BILL_INVALID',
      field: ['body.personId', 'PERSON_ID_CHECK_CHAR'],
    },
    {
      label: 'an unknown field',
      change: { discountPercent: 5 },
      code: 'VALIDATION_FAILED',
      field: ['body.discountPercent', 'Unrecognized key: "discountPercent"'],
    },
    {
      label: 'an unknown field on a line',
      change: { lines: [{ code: 'B', name: 'b', class: 'B', amountFen: 100, selfSharePercent: 10, selfShare: 10 }] },
      code: 'VALIDATION_FAILED',
      field: ['body.lines.0.selfShare', 'Unrecognized key: "selfShare"'],
    },
  ];

  it.each(badBills)(
    'E-1: a bill with $label answers 400 $code naming the field, and nothing is stored',
    async ({ change, code, field }) => {
      const person = newPerson();
      const wrongCheck = person.slice(0, 17) + (person[17] === '1' ? '2' : '1');
      const body = bill(person, { ...change, ...(change.personId ? { personId: wrongCheck } : {}) });
      const key = `bad-${person}`;

      const res = await settle(body, { 'Idempotency-Key': key });

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code, category: 'VALIDATION' });
      expect(problemFields(res)).toContainEqual(field);
      expect(await recordsOf(person)).toBe(0);
      expect(await recordsOf(wrongCheck)).toBe(0);
      // Bad input is not remembered: the corrected bill with the same key is judged afresh.
      expect((await settle(bill(person), { 'Idempotency-Key': key })).body.error.code).toBe('SETTLEMENT_NO_VALID_FILING');
    },
  );

  it('E-1: a body that is not JSON answers 400 MALFORMED_JSON', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/settlements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${HOSPITAL}`, 'content-type': 'application/json' },
      body: '{"personId": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('MALFORMED_JSON');
  });

  it.each([
    { who: 'a clerk stores a direct settlement', path: '/api/v1/settlements', key: CLERK_440800, change: {}, code: 'AUTH_FORBIDDEN_ROLE' },
    {
      who: 'a treatment agency asks for a quote',
      path: '/api/v1/settlements/quote',
      key: AGENCY_110000,
      change: {},
      code: 'AUTH_FORBIDDEN_ROLE',
    },
    {
      who: 'a hospital files a reimbursement',
      path: '/api/v1/reimbursements',
      key: HOSPITAL,
      change: { ownFault: false },
      code: 'AUTH_FORBIDDEN_ROLE',
    },
    {
      who: 'a 110000 hospital settles a 310000 bill',
      path: '/api/v1/settlements',
      key: HOSPITAL,
      change: { treatmentRegion: '310000', hospitalId: 'H310000001' },
      code: 'AUTH_FORBIDDEN_REGION',
    },
    {
      who: 'a 220000 clerk quotes a 440800 bill',
      path: '/api/v1/settlements/quote',
      key: CLERK_220000,
      change: {},
      code: 'AUTH_FORBIDDEN_REGION',
    },
    {
      who: 'a 220000 clerk reimburses a 440800 bill',
      path: '/api/v1/reimbursements',
      key: CLERK_220000,
      change: { ownFault: false },
      code: 'AUTH_FORBIDDEN_REGION',
    },
  ] as { who: string; path: string; key: string; change: Record<string, unknown>; code: string }[])(
    'auth: $who -> 403 $code, nothing stored',
    async ({ path, key, change, code }) => {
      const person = newPerson();
      const res = await api(app, 'POST', path, { key, body: bill(person, change), headers: moneyKey() });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe(code);
      expect(await recordsOf(person)).toBe(0);
    },
  );

  it('F-4: no filing for the treatment region -> 422 SETTLEMENT_NO_VALID_FILING; admission before the filing -> the reason says so', async () => {
    const person = newPerson();
    const none = await settle(bill(person));
    expect(none.status).toBe(422);
    expect(none.body.error).toMatchObject({ code: 'SETTLEMENT_NO_VALID_FILING', category: 'POLICY', details: { reason: 'NO_FILING' } });

    // A filing for another treatment region does not help.
    await file(person, { treatmentRegion: '310000' });
    expect((await settle(bill(person))).body.error.details.reason).toBe('NO_FILING');

    const filing = await file(person);
    const yesterday = new Date(Date.parse(`${today}T12:00:00+08:00`) - 86_400_000).toISOString().slice(0, 10);
    const early = await settle(bill(person, { admissionDate: yesterday, dischargeDate: today }));
    expect(early.status).toBe(422);
    expect(early.body.error.details).toMatchObject({ reason: 'NOT_VALID_ON_ADMISSION', filingId: filing.id });
    expect(await recordsOf(person)).toBe(0);
  });

  it('S-1: an insured region without a policy -> 422 SETTLEMENT_REGION_UNKNOWN', async () => {
    const res = await settle(bill(newPerson(), { insuredRegion: '510000' }));
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'SETTLEMENT_REGION_UNKNOWN', details: { insuredRegion: '510000' } });
  });

  it('F-3, S-3: an emergency without a filing settles, 10 points off', async () => {
    const person = newPerson();
    const res = await settle(bill(person, { emergency: true }));
    expect(res.status).toBe(201);
    // (8,700.00 - 1,000.00) x (80 - 10)% = 5,390.00
    expect(res.body).toMatchObject({ reductionReason: 'EMERGENCY', reductionPoints: 10, ratioPercent: 70, fundFen: 539000 });
    expect(res.body.filingId).toBeUndefined();
  });

  it('F-7: fund paid under a commitment filing is reported to that filing', async () => {
    const person = newPerson();
    const filing = await file(person, { type: 'LONG_TERM', subtype: 'RESIDENT', commitment: true });
    expect(filing.status).toBe('COMMITMENT_PENDING');

    const res = await settle(bill(person));
    expect(res.status).toBe(201);
    // LONG_TERM: no reduction (S-3): (8,700.00 - 1,000.00) x 80% = 6,160.00
    expect(res.body).toMatchObject({ reductionReason: 'LONG_TERM', ratioPercent: 80, fundFen: 616000, filingId: filing.id });

    let seen = 0;
    for (let i = 0; i < 50 && seen !== 616000; i += 1) {
      const read = await api(app, 'GET', `/api/v1/filings/${filing.id}`, { key: CLERK_440800 });
      seen = read.body.fundPaidUnderCommitmentFen;
      if (seen !== 616000) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).toBe(616000);
    expect(await settlementRecordModel(db).findById(res.body.id).lean()).toMatchObject({
      commitmentFilingId: filing.id,
    });
  });
});

describe('POST /api/v1/reimbursements (S-4)', () => {
  it.each([
    { ownFault: false, ratio: 65, reductions: [{ reason: 'OTHER_TEMPORARY', points: 20 }] },
    {
      ownFault: true,
      ratio: 55,
      reductions: [
        { reason: 'OTHER_TEMPORARY', points: 20 },
        { reason: 'OWN_FAULT_MANUAL', points: 10 },
      ],
    },
  ])('S-4: 220000 manual reimbursement with ownFault=$ownFault uses ratio $ratio', async ({ ownFault, ratio, reductions }) => {
    const person = newPerson();
    await file(person, { insuredRegion: '220000' }, CLERK_220000);
    const body = { ...bill(person, { insuredRegion: '220000' }), ownFault };

    const res = await api(app, 'POST', '/api/v1/reimbursements', { key: CLERK_220000, body, headers: moneyKey() });

    expect(res.status).toBe(201);
    // 220000 employee level 3: deductible 600.00, base 85%: (8,700.00 - 600.00) x ratio.
    expect(res.body).toMatchObject({
      kind: 'REIMBURSEMENT',
      ownFault,
      deductibleFen: 60000,
      basePercent: 85,
      ratioPercent: ratio,
      reductions,
    });
    expect(res.body.fundFen).toBe(Math.round((810000 * ratio) / 100));
    expect(res.body.id).toMatch(/^RMB-/);
    expect((await api(app, 'GET', `/api/v1/settlements/${res.body.id}`, { key: CLERK_220000 })).body).toEqual(res.body);
  });

  it('E-1: a reimbursement without ownFault answers 400 naming the field', async () => {
    const res = await api(app, 'POST', '/api/v1/reimbursements', {
      key: CLERK_220000,
      body: bill(newPerson(), { insuredRegion: '220000' }),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('body.ownFault');
  });
});

describe('S-5 annual cap under concurrency', () => {
  it('S-5: 50 concurrent stored bills for one person never pay past the annual cap', async () => {
    const person = newPerson();
    await file(person);
    // 440800 employee outpatient: cap 3,000.00, yearly deductible 100.00, ratio 60 - 20 = 40%.
    const outpatient = bill(person, { visitType: 'OUTPATIENT', lines: [{ code: 'A1', name: '检查', class: 'A', amountFen: 100000 }] });

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => settle(outpatient, { 'Idempotency-Key': `cap-${person}-${i}` })),
    );

    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const funds = results.map((r) => r.body.fundFen as number);
    const paid = funds.reduce((a, b) => a + b, 0);
    expect(paid).toBe(300000); // reaches the cap exactly, never past it
    expect(results.filter((r) => r.body.deductibleFen > 0)).toHaveLength(1);
    expect(results.filter((r) => r.body.capAppliedFen > 0).length).toBeGreaterThan(0);
    const accumulator = await accumulatorOf(person, 'OUTPATIENT');
    expect(accumulator).toMatchObject({ seq: 50, fundPaidFen: paid, deductibleUsedFen: 10000 });
    expect(accumulator.keyId).toBe(
      accumulatorKeyId({ personId: person, scheme: 'EMPLOYEE', year: Number(today.slice(0, 4)), capGroup: 'OUTPATIENT' }),
    );
    const stored = await settlementRecordModel(db).find({ personId: person }, { fundFen: 1 }).lean();
    expect(stored).toHaveLength(50);
    expect(stored.reduce((a, r) => a + r.fundFen, 0)).toBe(paid);
  });
});
