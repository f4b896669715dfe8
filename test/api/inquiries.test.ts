// Expense inquiry and issue collaboration through HTTP against the real stack (worker + API child
// processes, Temporal dev server, FerretDB, agency simulator): I-1 classification, one inquiry per
// settlement (also under concurrent openings), I-6 region scoping, I-4 forwarding, E-1 rejections,
// the whole chain settlement -> inquiry -> VERIFIED_ISSUE -> confirm -> recovery -> transfer ->
// balanced ledger (I-5, RC-1..RC-4), RC-2 manual orders against an inquiry, and a recoveryId that
// is never shown before the same caller can read the recovery.
import mongoose from 'mongoose';
import { personIdCheckChar } from '../../domain/personId';
import { api, DEV_API_KEYS, startApp, type TestApp, moneyKey } from '../setup/stackEnv';

const HOSPITAL = DEV_API_KEYS.hospital110000.key;
const CLERK = DEV_API_KEYS.clerk220000.key;
const OTHER_CLERK = DEV_API_KEYS.clerk440800.key;
const AGENCY = DEV_API_KEYS.agency110000.key;
const OTHER_AGENCY = DEV_API_KEYS.agency310000.key;

let app: TestApp;
let db: mongoose.Connection;
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
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
  today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
});

afterAll(async () => {
  await db?.close();
  await app?.stop();
});

/** 36,000 yuan inpatient: over the 220000 threshold (I-1); a fresh settlement (one inquiry each). */
const big = () => settle(3_600_000);

describe('inquiries over HTTP', () => {
  it('I-1: an inpatient bill over 30,000 yuan with a suspected violation is an expense inquiry in its monthly period; otherwise issue collaboration', async () => {
    const expense = await openInquiry((await big()).id, true);
    expect(expense.status).toBe(201);
    expect(expense.body).toMatchObject({
      kind: 'EXPENSE_INQUIRY',
      status: 'AWAITING_RESPONSE',
      insuredRegion: '220000',
      treatmentRegion: '110000',
      overdue: false,
      response: null,
      recoveryId: null,
    });
    expect(expense.body.period).toMatch(/^\d{4}-\d{2}$/);
    expect(expense.body.dueDate).toMatch(/-26$/);
    expect(expense.body.nextDeadline).toEqual({ kind: 'ANSWER_DUE', date: expense.body.dueDate });
    expect(expense.body.events[0]).toMatchObject({ type: 'OPENED', actor: 'INSURED_CLERK:220000', note: 'I-1' });

    const collaboration = await openInquiry((await big()).id, false);
    expect(collaboration.status).toBe(201);
    expect(collaboration.body).toMatchObject({ kind: 'ISSUE_COLLABORATION', period: null });
    expect(collaboration.body.reminderDate < collaboration.body.dueDate).toBe(true);

    const small = await settle(2_000_000);
    expect((await openInquiry(small.id, true)).body.kind).toBe('ISSUE_COLLABORATION');
  });

  it('I-1, I-5: one inquiry per settlement: a second is refused naming the first; a retried opening reaches the same case', async () => {
    const settlement = await big();
    const first = await api(app, 'POST', '/api/v1/inquiries', {
      key: CLERK,
      headers: { 'Idempotency-Key': `open-${settlement.id}` },
      body: { settlementId: settlement.id, reason: '疑似分解住院', suspectedViolation: true },
    });
    expect(first.status).toBe(201);
    const second = await openInquiry(settlement.id, false);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'INQUIRY_SETTLEMENT_HAS_INQUIRY',
      category: 'CONFLICT',
      details: { settlementId: settlement.id, inquiryId: first.body.id },
    });
    expect(second.body.error.message.en).toMatch(/continue in that case/);
    // The same opening retried (same key) is the same case, not a refusal.
    const retried = await api(app, 'POST', '/api/v1/inquiries', {
      key: CLERK,
      headers: { 'Idempotency-Key': `open-${settlement.id}` },
      body: { settlementId: settlement.id, reason: '疑似分解住院', suspectedViolation: true },
    });
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(first.body.id);
    const cases = (await api(app, 'GET', '/api/v1/inquiries?pageSize=100', { key: CLERK })).body.items.filter(
      (i: { settlementId: string }) => i.settlementId === settlement.id,
    );
    expect(cases.map((i: { id: string }) => i.id)).toEqual([first.body.id]);
  });

  it('I-1, I-5: six clerks opening an inquiry on one settlement at the same moment leave exactly one case', async () => {
    const settlement = await big();
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, n) =>
        api(app, 'POST', '/api/v1/inquiries', {
          key: CLERK,
          headers: { 'Idempotency-Key': `race-${settlement.id}-${n}` },
          body: { settlementId: settlement.id, reason: `并发发起 ${n}`, suspectedViolation: n % 2 === 0 },
        }),
      ),
    );
    const opened = attempts.filter((a) => a.status === 201);
    expect(opened).toHaveLength(1);
    const winner: string = opened[0].body.id;
    for (const refused of attempts.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'INQUIRY_SETTLEMENT_HAS_INQUIRY', details: { inquiryId: winner } });
    }
    const cases = (await api(app, 'GET', '/api/v1/inquiries?pageSize=100', { key: CLERK })).body.items.filter(
      (i: { settlementId: string }) => i.settlementId === settlement.id,
    );
    expect(cases.map((i: { id: string }) => i.id)).toEqual([winner]);
  });

  it('I-1: a claim whose opening gave up (no case, no workflow, two minutes old) is taken over; a fresh one still blocks', async () => {
    const claim = (settlementId: string, inquiryId: string, ageMs: number) =>
      db.collection('inquiry_claims').insertOne({
        _id: settlementId as unknown as mongoose.mongo.ObjectId,
        settlementId,
        inquiryId,
        claimedAt: new Date(Date.now() - ageMs).toISOString(),
      });
    const stale = await big();
    await claim(stale.id, `INQ-GAVE-UP-${stale.id}`, 10 * 60_000);
    const opened = await openInquiry(stale.id);
    expect(opened.status).toBe(201);
    const successor = await db
      .collection('inquiry_claims')
      .findOne({ _id: `${stale.id}>INQ-GAVE-UP-${stale.id}` as unknown as mongoose.mongo.ObjectId });
    expect(successor).toMatchObject({ inquiryId: opened.body.id, replaces: `INQ-GAVE-UP-${stale.id}` });
    // Now held by the new case: a further opening names it.
    expect((await openInquiry(stale.id, false)).body.error).toMatchObject({
      code: 'INQUIRY_SETTLEMENT_HAS_INQUIRY',
      details: { inquiryId: opened.body.id },
    });

    // An opening still under way (claimed a moment ago) is not taken over.
    const busy = await big();
    await claim(busy.id, `INQ-STARTING-${busy.id}`, 1_000);
    expect((await openInquiry(busy.id)).body.error).toMatchObject({
      code: 'INQUIRY_SETTLEMENT_HAS_INQUIRY',
      details: { inquiryId: `INQ-STARTING-${busy.id}` },
    });
  });

  it('I-6: an agency of another region can neither read nor answer a case; a clerk of another region cannot see it', async () => {
    const settlement = await big();
    const { body: inquiry } = await openInquiry(settlement.id);
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
    expect((await openInquiry(settlement.id, true, OTHER_CLERK)).body.error.code).toBe('INQUIRY_SETTLEMENT_NOT_FOUND');

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
    const settlement = await big();
    const { body: inquiry } = await openInquiry(settlement.id);
    const answer = (body: unknown) => api(app, 'POST', `/api/v1/inquiries/${inquiry.id}/response`, { key: AGENCY, body });
    expect((await answer({ result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: 0 })).body.error.code).toBe(
      'INQUIRY_DISALLOWED_AMOUNT_REQUIRED',
    );
    const tooMuch = await answer({ result: 'VERIFIED_ISSUE', reasons: ['x'], disallowedFen: settlement.fundFen + 1 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: 'INQUIRY_DISALLOWED_EXCEEDS_FUND', details: { fundFen: settlement.fundFen } });
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
    const { body: inquiry } = await openInquiry((await big()).id);
    const path = `/api/v1/inquiries/${inquiry.id}`;
    // RC-2: no recovery of an inquiry before a VERIFIED_ISSUE answer is confirmed.
    const order = (amountFen: number) =>
      api(app, 'POST', '/api/v1/recoveries', {
        key: CLERK,
        body: {
          amountFen,
          source: { type: 'INQUIRY', id: inquiry.id },
          debtor: 'H110000001',
          reason: '协查核减',
          treatmentRegion: '110000',
        },
      });
    const unanswered = await order(150_000);
    expect(unanswered.status).toBe(409);
    expect(unanswered.body.error).toMatchObject({
      code: 'RECOVERY_SOURCE_NOT_CONFIRMED',
      details: { status: 'AWAITING_RESPONSE', result: null },
    });

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
    // Answered but not confirmed: still contestable (I-3), so still no manual order (it would take the I-5 id).
    expect((await order(150_000)).body.error).toMatchObject({
      code: 'RECOVERY_SOURCE_NOT_CONFIRMED',
      details: { status: 'AWAITING_CONFIRMATION', result: 'VERIFIED_ISSUE' },
    });

    const confirmed = await api(app, 'POST', `${path}/confirmation`, { key: CLERK, body: { decision: 'CONFIRM', note: '同意核查结论' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', confirmation: { decision: 'CONFIRM', deemed: false } });
    // The recovery is named once it can be read (links never dangle): at once, or a moment later.
    const named = await eventually(
      () => api(app, 'GET', path, { key: CLERK }),
      (r) => r.body.recoveryId !== null,
      'the inquiry names its recovery',
    );
    const recoveryId: string = named.body.recoveryId;
    expect(recoveryId).toBe(`REC-INQ-${inquiry.id}`);
    expect([null, recoveryId]).toContain(confirmed.body.recoveryId);
    // RC-2: never more than the disallowed amount; the same order as the automatic one is that recovery.
    const tooMuch = await order(150_001);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.error).toMatchObject({ code: 'RECOVERY_AMOUNT_EXCEEDS_SOURCE', details: { maxAmountFen: 150_000 } });
    const same = await eventually(
      () => order(150_000),
      (r) => r.status === 200,
      'the I-5 recovery returned for the same order',
    );
    expect(same.body).toMatchObject({ id: recoveryId, amountFen: 150_000, source: { type: 'INQUIRY', id: inquiry.id } });

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

  it('I-4: the addressed agency forwards a collaboration: the agency forwarded to reads and answers it, the first receiver still sees it, the deadline stands', async () => {
    const { body: inquiry } = await openInquiry((await settle(2_000_000)).id, false);
    expect(inquiry.kind).toBe('ISSUE_COLLABORATION');
    const path = `/api/v1/inquiries/${inquiry.id}`;
    const forward = (key: string, body: unknown) => api(app, 'POST', `${path}/forward`, { key, body });
    const ids = async (key: string) =>
      (await api(app, 'GET', '/api/v1/inquiries?pageSize=100', { key })).body.items.map((i: { id: string }) => i.id);

    // Before the forward the Shanghai agency does not see it, and only the addressed agency may forward.
    expect((await api(app, 'GET', path, { key: OTHER_AGENCY })).status).toBe(404);
    expect((await forward(OTHER_AGENCY, { toAgencyRegion: '440800', note: 'x' })).status).toBe(404);
    expect((await forward(CLERK, { toAgencyRegion: '310000', note: 'x' })).status).toBe(403);
    const self = await forward(AGENCY, { toAgencyRegion: '110000', note: 'x' });
    expect(self.status).toBe(400);
    expect(self.body.error.code).toBe('INQUIRY_FORWARD_TARGET_INVALID');
    expect((await forward(AGENCY, { toAgencyRegion: '310000' })).body.error.code).toBe('VALIDATION_FAILED');

    const forwarded = await forward(AGENCY, { toAgencyRegion: '310000', note: '患者已转至上海，请上海经办机构核实' });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({
      status: 'AWAITING_RESPONSE',
      treatmentRegion: '110000',
      dueDate: inquiry.dueDate,
      reminderDate: inquiry.reminderDate,
      forwardedTo: ['310000'],
      forwards: [{ toAgencyRegion: '310000', fromAgencyRegion: '110000', note: '患者已转至上海，请上海经办机构核实', forwardedOn: today }],
    });
    expect(forwarded.body.events.at(-1)).toMatchObject({ type: 'FORWARDED', actor: 'TREATMENT_AGENCY:110000', note: 'I-4' });
    const again = await forward(AGENCY, { toAgencyRegion: '310000', note: '再次转办' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INQUIRY_ALREADY_FORWARDED');

    // Both agencies see it in their inbox; the Shanghai agency was told through its own system, once.
    expect((await api(app, 'GET', path, { key: OTHER_AGENCY })).body.forwardedTo).toEqual(['310000']);
    expect(await ids(OTHER_AGENCY)).toContain(inquiry.id);
    expect(await ids(AGENCY)).toContain(inquiry.id);
    const told = await eventually(
      async () => ((await (await fetch(`${process.env.AGENCY_API_URL}/agencies/310000/inbox`)).json()) as any).messages,
      (messages: Array<{ kind: string; payload: { inquiryId?: string } }>) =>
        messages.some((m) => m.kind === 'INQUIRY' && m.payload.inquiryId === inquiry.id),
      'the Shanghai agency told',
    );
    expect(told.filter((m: { payload: { inquiryId?: string } }) => m.payload.inquiryId === inquiry.id)).toEqual([
      expect.objectContaining({
        payload: expect.objectContaining({ dueDate: inquiry.dueDate, reason: expect.stringContaining('I-4 forwarded by 110000') }),
      }),
    ]);

    // The agency forwarded to answers (I-6 with I-4); the clerk confirms; the case still lists the first receiver.
    const answered = await api(app, 'POST', `${path}/response`, { key: OTHER_AGENCY, body: { result: 'VERIFIED_OK' } });
    expect(answered.status).toBe(200);
    expect(answered.body.events.find((e: { type: string }) => e.type === 'RESPONDED')).toMatchObject({ actor: 'TREATMENT_AGENCY:310000' });
    expect((await forward(AGENCY, { toAgencyRegion: '440800', note: '答复后' })).body.error.code).toBe('INQUIRY_NOT_AWAITING_RESPONSE');
    expect((await api(app, 'GET', path, { key: AGENCY })).body.status).toBe('AWAITING_CONFIRMATION');

    // An expense inquiry is never forwarded.
    const { body: expense } = await openInquiry((await big()).id, true);
    const refused = await api(app, 'POST', `/api/v1/inquiries/${expense.id}/forward`, {
      key: AGENCY,
      body: { toAgencyRegion: '310000', note: 'x' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('INQUIRY_FORWARD_NOT_COLLABORATION');
  });

  it('links: from the confirmation to the recovery start, whenever an inquiry names its recoveryId the same caller can GET it', async () => {
    const { body: inquiry } = await openInquiry((await big()).id);
    const path = `/api/v1/inquiries/${inquiry.id}`;
    await api(app, 'POST', `${path}/response`, {
      key: AGENCY,
      body: { result: 'VERIFIED_ISSUE', reasons: ['重复收费'], disallowedFen: 80_000 },
    });

    const seen = { [CLERK]: 0, [AGENCY]: 0 };
    const poll = async (key: string) => {
      const one = await api(app, 'GET', path, { key });
      const listed = (await api(app, 'GET', '/api/v1/inquiries?pageSize=100', { key })).body.items.find(
        (i: { id: string }) => i.id === inquiry.id,
      );
      for (const doc of [one.body, listed]) {
        const named = [doc.recoveryId, ...doc.events.map((e: { data?: { recoveryId?: string } }) => e.data?.recoveryId)].filter(Boolean);
        for (const id of named) {
          const recovery = await api(app, 'GET', `/api/v1/recoveries/${id}`, { key });
          expect(recovery.status).toBe(200);
          seen[key] += 1;
        }
      }
      return one.body;
    };
    const confirming = api(app, 'POST', `${path}/confirmation`, { key: CLERK, body: { decision: 'CONFIRM' } });
    let doc = await poll(CLERK);
    await poll(AGENCY);
    const confirmed = await confirming;
    // The confirmation's own answer is a response too: it names the recovery only once it can be read.
    if (confirmed.body.recoveryId)
      expect((await api(app, 'GET', `/api/v1/recoveries/${confirmed.body.recoveryId}`, { key: CLERK })).status).toBe(200);
    for (let i = 0; i < 150 && !doc.events.some((e: { type: string }) => e.type === 'RECOVERY_STARTED' && doc.recoveryId); i += 1) {
      doc = await poll(CLERK);
      await poll(AGENCY);
    }
    expect(doc.recoveryId).toBe(`REC-INQ-${inquiry.id}`);
    expect(seen[CLERK]).toBeGreaterThan(0);
    expect(seen[AGENCY]).toBeGreaterThan(0);
    // Another agency (not addressed) never sees the case; a recovery it cannot read is never shown to anyone.
    expect((await api(app, 'GET', path, { key: OTHER_AGENCY })).status).toBe(404);
  });
});
