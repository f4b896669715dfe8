// Expense inquiry and issue collaboration through HTTP against the real stack (worker + API child
// processes, Temporal dev server, FerretDB, agency simulator): I-1 classification, I-6 region
// scoping, E-1 rejections, and the whole chain settlement -> inquiry -> VERIFIED_ISSUE -> confirm
// -> recovery -> transfer -> balanced ledger (I-5, RC-1..RC-4).
import { personIdCheckChar } from '../../domain/personId';
import { api, DEV_API_KEYS, startApp, type TestApp, moneyKey } from '../setup/stackEnv';

const HOSPITAL = DEV_API_KEYS.hospital110000.key;
const CLERK = DEV_API_KEYS.clerk220000.key;
const OTHER_CLERK = DEV_API_KEYS.clerk440800.key;
const AGENCY = DEV_API_KEYS.agency110000.key;
const OTHER_AGENCY = DEV_API_KEYS.agency310000.key;

let app: TestApp;
let today: string;
let personSeq = 0;

function newPerson(): string {
  personSeq += 1;
  const first17 = `22010219750101${String(personSeq).padStart(3, '0')}`;
  return first17 + personIdCheckChar(first17);
}

/** A stored emergency inpatient settlement (F-3: no filing needed) of a 220000 person in 110000. */
async function settle(totalAFen: number): Promise<{ id: string; fundFen: number; totalFen: number }> {
  const res = await api(app, 'POST', '/api/v1/settlements', {
    key: HOSPITAL,
    headers: moneyKey(),
    body: {
      personId: newPerson(),
      scheme: 'EMPLOYEE',
      personCategory: 'IN_SERVICE',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      hospitalLevel: 3,
      visitType: 'INPATIENT',
      admissionDate: today,
      dischargeDate: today,
      emergency: true,
      lines: [{ code: 'A001', name: '手术费', class: 'A', amountFen: totalAFen }],
    },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function openInquiry(settlementId: string, suspectedViolation = true, key: string = CLERK) {
  return api(app, 'POST', '/api/v1/inquiries', {
    key,
    body: { settlementId, reason: '住院费用明显偏高，疑似超标准收费', suspectedViolation },
  });
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  } while (Date.now() < until);
  throw new Error(`never: ${what}; last ${JSON.stringify(last)}`);
}

beforeAll(async () => {
  app = await startApp();
  today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
});

afterAll(async () => {
  await app?.stop();
});

describe('inquiries over HTTP', () => {
  let big: { id: string; fundFen: number; totalFen: number };

  beforeAll(async () => {
    big = await settle(3_600_000); // 36,000 yuan inpatient: over the 220000 threshold (I-1)
  });

  it('I-1: an inpatient bill over 30,000 yuan with a suspected violation is an expense inquiry in its monthly period; otherwise issue collaboration', async () => {
    const expense = await openInquiry(big.id, true);
    expect(expense.status).toBe(201);
    expect(expense.body).toMatchObject({
      kind: 'EXPENSE_INQUIRY',
      status: 'AWAITING_RESPONSE',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      settlementId: big.id,
      overdue: false,
      response: null,
      recoveryId: null,
    });
    expect(expense.body.period).toMatch(/^\d{4}-\d{2}$/);
    expect(expense.body.dueDate).toMatch(/-26$/);
    expect(expense.body.nextDeadline).toEqual({ kind: 'ANSWER_DUE', date: expense.body.dueDate });
    expect(expense.body.events[0]).toMatchObject({ type: 'OPENED', actor: 'INSURED_CLERK:220000', note: 'I-1' });

    const collaboration = await openInquiry(big.id, false);
    expect(collaboration.status).toBe(201);
    expect(collaboration.body).toMatchObject({ kind: 'ISSUE_COLLABORATION', period: null });
    expect(collaboration.body.reminderDate < collaboration.body.dueDate).toBe(true);

    const small = await settle(2_000_000);
    expect((await openInquiry(small.id, true)).body.kind).toBe('ISSUE_COLLABORATION');
  });

  it('I-6: an agency of another region can neither read nor answer a case; a clerk of another region cannot see it', async () => {
    const { body: inquiry } = await openInquiry(big.id);
    const path = `/api/v1/inquiries/${inquiry.id}`;

    expect((await api(app, 'GET', path, { key: OTHER_AGENCY })).status).toBe(404);
    const answer = await api(app, 'POST', `${path}/response`, {
      key: OTHER_AGENCY,
      body: { result: 'VERIFIED_OK', reasons: [], disallowedFen: 0 },
    });
    expect(answer.status).toBe(404);
    expect((await api(app, 'GET', path, { key: OTHER_CLERK })).status).toBe(404);
    expect((await api(app, 'GET', path, { key: HOSPITAL })).status).toBe(403);
    // The clerk cannot answer for the treatment region, nor the agency decide for the insured one.
    expect((await api(app, 'POST', `${path}/response`, { key: CLERK, body: { result: 'VERIFIED_OK' } })).status).toBe(403);
    expect((await api(app, 'POST', `${path}/confirmation`, { key: AGENCY, body: { decision: 'CONFIRM' } })).status).toBe(403);
    // Another region's clerk cannot open a case on this settlement either.
    expect((await openInquiry(big.id, true, OTHER_CLERK)).body.error.code).toBe('INQUIRY_SETTLEMENT_NOT_FOUND');

    // Inboxes: the addressed agency and the insured clerk see it, the others do not.
    const ids = async (key: string) =>
      (await api(app, 'GET', '/api/v1/inquiries?pageSize=100', { key })).body.items.map((i: { id: string }) => i.id);
    expect(await ids(AGENCY)).toContain(inquiry.id);
    expect(await ids(CLERK)).toContain(inquiry.id);
    expect(await ids(OTHER_AGENCY)).not.toContain(inquiry.id);
    expect(await ids(OTHER_CLERK)).not.toContain(inquiry.id);
    const filtered = await api(app, 'GET', '/api/v1/inquiries?kind=EXPENSE_INQUIRY&status=AWAITING_RESPONSE', { key: AGENCY });
    expect(
      filtered.body.items.every((i: { kind: string; status: string }) => i.kind === 'EXPENSE_INQUIRY' && i.status === 'AWAITING_RESPONSE'),
    ).toBe(true);

    // The addressed agency was notified through its own system, once.
    const inbox = (await (await fetch(`${process.env.AGENCY_API_URL}/agencies/110000/inbox`)).json()) as any;
    expect(
      inbox.messages.filter(
        (m: { kind: string; payload: { inquiryId?: string } }) => m.kind === 'INQUIRY' && m.payload.inquiryId === inquiry.id,
      ),
    ).toHaveLength(1);
  });

  it('E-1, I-2: wrong answers and early decisions are refused with their catalogue codes', async () => {
    const { body: inquiry } = await openInquiry(big.id);
    const answer = (body: unknown) => api(app, 'POST', `/api/v1/inquiries/${inquiry.id}/response`, { key: AGENCY, body });
    expect((await answer({ result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: 0 })).body.error.code).toBe(
      'INQUIRY_DISALLOWED_AMOUNT_REQUIRED',
    );
    const tooMuch = await answer({ result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: big.fundFen + 1 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: 'INQUIRY_DISALLOWED_EXCEEDS_FUND', details: { fundFen: big.fundFen } });
    expect((await answer({ result: 'VERIFIED_OK', disallowedFen: 10 })).body.error.code).toBe('INQUIRY_OK_WITH_DISALLOWED_AMOUNT');
    expect((await answer({ result: 'MAYBE' })).body.error.code).toBe('VALIDATION_FAILED');
    const early = await api(app, 'POST', `/api/v1/inquiries/${inquiry.id}/confirmation`, { key: CLERK, body: { decision: 'CONFIRM' } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('INQUIRY_NOT_AWAITING_CONFIRMATION');
    // Nothing of that reached the case.
    const doc = (await api(app, 'GET', `/api/v1/inquiries/${inquiry.id}`, { key: CLERK })).body;
    expect(doc.status).toBe('AWAITING_RESPONSE');
    expect(doc.responses).toEqual([]);
  });

  it('I-2..I-5, RC-1..RC-4: settlement -> inquiry -> VERIFIED_ISSUE -> confirm -> recovery -> one transfer -> balanced ledger', async () => {
    const { body: inquiry } = await openInquiry(big.id);
    const path = `/api/v1/inquiries/${inquiry.id}`;

    const answered = await api(app, 'POST', `${path}/response`, {
      key: AGENCY,
      headers: { 'Idempotency-Key': `answer-${inquiry.id}` },
      body: { result: 'VERIFIED_ISSUE', reasons: ['分解住院', '超标准收费'], disallowedFen: 150_000 },
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'AWAITING_CONFIRMATION',
      response: { result: 'VERIFIED_ISSUE', disallowedFen: 150_000, round: 1 },
    });
    expect(answered.body.confirmationDueDate > today).toBe(true);
    // The same answer sent again (same key) changes nothing.
    const again = await api(app, 'POST', `${path}/response`, {
      key: AGENCY,
      headers: { 'Idempotency-Key': `answer-${inquiry.id}` },
      body: { result: 'VERIFIED_ISSUE', reasons: ['分解住院', '超标准收费'], disallowedFen: 150_000 },
    });
    expect(again.status).toBe(200);
    expect(again.body.responses).toHaveLength(1);

    const confirmed = await api(app, 'POST', `${path}/confirmation`, { key: CLERK, body: { decision: 'CONFIRM', note: '同意核查结论' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'CONFIRMED',
      recoveryId: `REC-INQ-${inquiry.id}`,
      confirmation: { decision: 'CONFIRM', deemed: false },
    });
    const recoveryId: string = confirmed.body.recoveryId;

    const ordered = await eventually(
      () => api(app, 'GET', `/api/v1/recoveries/${recoveryId}`, { key: CLERK }),
      (r) => r.status === 200 && r.body.status === 'AWAITING_PAYMENT',
      'recovery awaiting payment',
    );
    expect(ordered.body).toMatchObject({
      amountFen: 150_000,
      source: { type: 'INQUIRY', id: inquiry.id },
      debtor: 'H110000001',
      targetAccount: 'FUND-220000-EMPLOYEE',
      fines: [],
    });

    // The hospital pays; finance confirms it; the clerk reports it and the engine checks finance.
    const pay = await fetch(`${process.env.AGENCY_API_URL}/finance/collections/${recoveryId}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${recoveryId}` },
      body: JSON.stringify({ amountFen: 150_000 }),
    });
    expect(pay.status).toBe(201);
    // The engine asks finance itself as soon as it waits for payment, so it may have found the
    // money before the clerk's report arrives; the report is then refused as no longer needed.
    const report = await api(app, 'POST', `/api/v1/recoveries/${recoveryId}/payment-reports`, { key: CLERK, body: { note: '银行回单' } });
    expect([202, 409]).toContain(report.status);
    if (report.status === 409) expect(report.body.error.code).toBe('RECOVERY_NOT_AWAITING_PAYMENT');

    const closed = await eventually(
      () => api(app, 'GET', `/api/v1/recoveries/${recoveryId}`, { key: CLERK }),
      (r) => r.body.status === 'CLOSED',
      'recovery closed',
    );
    expect(closed.body).toMatchObject({
      collectedFen: 150_000,
      transfer: { amountFen: 150_000, toAccount: 'FUND-220000-EMPLOYEE' },
      reconciliation: { matched: true },
    });
    expect(closed.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'ORDERED',
        'DEBTOR_NOTIFIED',
        ...(report.status === 202 ? ['PAYMENT_REPORTED'] : []),
        'COLLECTED',
        'TRANSFERRED',
        'RECONCILED',
        'CLOSED',
      ]),
    );

    const ledger = await api(app, 'GET', `/api/v1/recoveries/${recoveryId}/ledger`, { key: CLERK });
    expect(ledger.body.balance).toMatchObject({ balanced: true, debitFen: 300_000, creditFen: 300_000, brokenMovements: [] });
    expect(ledger.body.entries).toHaveLength(4);
    expect(
      ledger.body.entries.every((e: { origin: { type: string; id: string } }) => e.origin.type === 'INQUIRY' && e.origin.id === inquiry.id),
    ).toBe(true);

    const transfers = (await (
      await fetch(`${process.env.AGENCY_API_URL}/finance/transfers?originType=INQUIRY&originId=${inquiry.id}`)
    ).json()) as any;
    expect(transfers.transfers).toHaveLength(1);

    const final = await api(app, 'GET', path, { key: AGENCY });
    // (the notice to the agency's system may land before or after its answer through our API)
    expect(final.body.events.map((e: { type: string }) => e.type).sort()).toEqual([
      'AGENCY_NOTIFIED',
      'CONFIRMED',
      'OPENED',
      'RECOVERY_STARTED',
      'RESPONDED',
    ]);
    expect(final.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
