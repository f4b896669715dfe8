// Monthly clearing end to end in simulation mode (P-2..P-6, M-2): the real API, worker, FerretDB
// and agency simulator on a time-skipping server of their own. Settlements and a reversal in
// November; the agency's list spoiled on purpose (a line dropped, an amount changed, a line of its
// own); the clock moved past December 5 runs the daily uploads and the clearing (the test server
// has no Schedule API: the clock advance runs what falls due). Each difference is resolved a
// different way, the statement is checked by hand and exported as CSV, reminders and escalation
// come on their days, a late payment needs its delay report, payment closes the period; a reversal
// after the lock and a record that arrives late land in December's clearing as adjustments,
// with the deferred difference carried in. The books check passes at the end.
import mongoose from 'mongoose';
import { api, DEV_API_KEYS, moneyKey, startApp, type TestApp } from '../setup/stackEnv';
import { newPersonId } from '../support/people';
import { settlementRecordModel } from '../../models/settlementRecord';
import { checkClearingBooks } from '../../scripts/books/clearing';
import { addDays, isoDateInShanghai } from '../../domain/time';
import { nextPeriod } from '../../domain/clearing/periods';

jest.setTimeout(600_000);

const COUNTER = DEV_API_KEYS.hospital110000.key; // H110000001
const CLERK = DEV_API_KEYS.clerk220000.key;
const AGENCY = DEV_API_KEYS.agency110000.key;
const ADMIN = DEV_API_KEYS.admin.key;

let app: TestApp;
let db: mongoose.Connection;

/** An emergency outpatient bill (F-3, no filing needed) of a 220000 employee: fund = 40% of the bill. */
function bill(amountFen: number, today: string) {
  return {
    personId: newPersonId(),
    scheme: 'EMPLOYEE',
    personCategory: 'IN_SERVICE',
    insuredRegion: '220000',
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

const clock = async () =>
  (await api(app, 'POST', '/api/v1/dev/clock/advance', { key: ADMIN, body: { duration: 'PT0S' } })).body as { to: string };
const today = async () => (await clock()).to.slice(0, 10);

async function advanceTo(date: string, hour = 9): Promise<string[]> {
  const now = (await clock()).to;
  const targetMs = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const ms = targetMs - Date.parse(now);
  if (ms <= 0) return [];
  const moved = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: ADMIN, body: { duration: `PT${Math.ceil(ms / 1000)}S` } });
  expect(moved.status).toBe(200);
  return moved.body.ran;
}

async function clearing(id: string, ok: (c: any) => boolean = () => true): Promise<any> {
  let last: any;
  for (let i = 0; i < 200; i += 1) {
    const res = await api(app, 'GET', `/api/v1/clearings/${id}`, { key: CLERK });
    last = res.body;
    if (res.status === 200 && ok(res.body)) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${id} never got there: ${JSON.stringify(last).slice(0, 800)}`);
}

async function fault(period: string, body: object) {
  const res = await fetch(`${app.env.AGENCY_API_URL}/__clearing/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ treatmentRegion: '110000', insuredRegion: '220000', period, ...body }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  app = await startApp({ simulate: true });
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
});
afterAll(async () => {
  await db?.close();
  await app?.stop();
});

it('P-2, P-3, P-4, P-6: a period reconciled with every kind of difference, paid late with a delay report; late lines land in the next period', async () => {
  // November (the simulation starts at today's date): four settlements, one reversed while open.
  const start = await today();
  const period = start.slice(0, 7);
  const next = nextPeriod(period);
  const stored: Array<{ id: string; fundFen: number }> = [];
  for (const amountFen of [50_000, 60_000, 70_000, 80_000]) {
    const res = await api(app, 'POST', '/api/v1/settlements', { key: COUNTER, body: bill(amountFen, start), headers: moneyKey() });
    expect(res.status).toBe(201);
    expect(res.body.period).toBe(period);
    stored.push({ id: res.body.id, fundFen: res.body.fundFen });
  }
  expect(stored.map((s) => s.fundFen)).toEqual([20_000, 24_000, 28_000, 32_000]);
  const [s1, s2, s3, s4] = stored;
  const reversedOpen = await api(app, 'POST', `/api/v1/settlements/${s4.id}/reversal`, {
    key: COUNTER,
    body: { reason: '单据作废' },
    headers: moneyKey(),
  });
  expect(reversedOpen.status).toBe(201);
  expect(reversedOpen.body.period).toBe(period); // S-8: reversed while its period is open: it counts for nothing
  // A fifth settlement whose record is lost before the lock (a crash between the accumulator
  // charge and the record): only its charge exists when November is locked.
  const lostRes = await api(app, 'POST', '/api/v1/settlements', { key: COUNTER, body: bill(90_000, start), headers: moneyKey() });
  expect(lostRes.status).toBe(201);
  const lost = { id: lostRes.body.id as string, fundFen: lostRes.body.fundFen as number };
  expect(lost.fundFen).toBe(36_000);
  await settlementRecordModel(db).deleteOne({ _id: lost.id });

  // The treatment agency's list of the period will differ: s1 dropped, s2 +500 fen, one line of its own.
  await fault(period, { drop: [s1.id], change: [{ settlementId: s2.id, deltaFen: 500 }], add: 1 });
  const clearingId = `CLR-220000-110000-${period}`;
  const startDay = `${next}-05`;
  const ran = await advanceTo(startDay, 9);
  expect(ran).toEqual(expect.arrayContaining([`daily-close ${addDays(startDay, -2)}`, `clearing ${period} (220000): ${clearingId}`]));

  // P-2 (a): every kind of difference is an exception; matched lines need nothing.
  const reconciled = await clearing(clearingId, (c) => c.status === 'EXCEPTIONS');
  expect(reconciled.lock).toMatchObject({ count: 3, fundFen: 72_000, adjustments: { count: 0, fundFen: 0 } });
  expect(reconciled.reconciliation).toMatchObject({
    matched: 1,
    onlyOurs: 1,
    onlyTheirs: 1,
    amountDiffers: 1,
    resolved: 0,
    ratePercent: 25,
  });
  expect(reconciled.rates).toEqual({ reconciliationPercent: 25, settlementPercent: 0, applicationPercent: 0 });
  const byKind = Object.fromEntries(reconciled.exceptions.map((e: any) => [e.kind, e]));
  expect(byKind.ONLY_OURS).toMatchObject({ settlementId: s1.id, oursFen: 20_000 });
  expect(byKind.AMOUNT_DIFFERS).toMatchObject({ settlementId: s2.id, oursFen: 24_000, theirsFen: 24_500 });
  expect(byKind.ONLY_THEIRS).toMatchObject({ theirsFen: 12_345 });
  // An agency sees the period too; a clerk of another region does not.
  expect((await api(app, 'GET', `/api/v1/clearings/${clearingId}`, { key: AGENCY })).status).toBe(200);
  expect((await api(app, 'GET', `/api/v1/clearings/${clearingId}`, { key: DEV_API_KEYS.clerk440800.key })).status).toBe(404);
  const noCsv = await api(app, 'GET', `/api/v1/clearings/${clearingId}/statement.csv`, { key: CLERK });
  expect(noCsv.status).toBe(409);
  expect(noCsv.body.error.code).toBe('CLEARING_STATEMENT_NOT_READY');

  const resolve = (e: any, decision: string, note: string) =>
    api(app, 'POST', `/api/v1/clearings/${clearingId}/exceptions/${encodeURIComponent(e.id)}/resolution`, {
      key: CLERK,
      body: { decision, note },
    });
  expect((await resolve(byKind.ONLY_OURS, 'ACCEPT_OURS', '医院结算单已核实')).status).toBe(200);
  expect((await resolve(byKind.AMOUNT_DIFFERS, 'ACCEPT_THEIRS', '医院更正了金额')).status).toBe(200);
  const again = await resolve(byKind.AMOUNT_DIFFERS, 'DEFER', '');
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('CLEARING_EXCEPTION_ALREADY_RESOLVED');
  const last = await resolve(byKind.ONLY_THEIRS, 'DEFER', '待就医地核实');
  expect(last.status).toBe(200);
  // P-2 (b): by hand: s1 20,000 (ours) + s2 24,500 (theirs) + s3 28,000 (matched) = 72,500 fen; the deferred line waits.
  expect(last.body.statement).toMatchObject({
    count: 3,
    fundFen: 72_500,
    byScheme: [{ scheme: 'EMPLOYEE', count: 3, fundFen: 72_500 }],
    byVisitType: [{ visitType: 'OUTPATIENT', count: 3, fundFen: 72_500 }],
    adjustments: { count: 0, fundFen: 0 },
    recoveryOffsetFen: 0,
    netDueFen: 72_500,
  });
  const applied = await clearing(clearingId, (c) => c.status === 'APPLIED');
  expect(applied.rates).toEqual({ reconciliationPercent: 100, settlementPercent: 100, applicationPercent: 100 });
  expect(applied.dueDate).toBe(`${next}-20`);

  // The statement as CSV: UTF-8 with a BOM, a header row, the figures.
  const csv = await fetch(`${app.baseUrl}/api/v1/clearings/${clearingId}/statement.csv`, {
    headers: { authorization: `Bearer ${AGENCY}` },
  });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  const bytes = new Uint8Array(await csv.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = new TextDecoder('utf-8').decode(bytes.slice(3)).trim().split('\r\n');
  expect(rows[0]).toBe(
    '清算编号 clearingId,清算期 period,参保地 insuredRegion,就医地 treatmentRegion,分组 section,项目 item,人次 count,基金金额(分) fundFen,基金金额(元) fundYuan',
  );
  expect(rows).toContain(`${clearingId},${period},220000,110000,合计 TOTAL,清算基金 fund,3,72500,725.00`);
  expect(rows).toContain(`${clearingId},${period},220000,110000,应付净额 NET_DUE,应拨付 net due,,72500,725.00`);

  // P-6: a reversal after the lock is an adjustment of the next open period; a record stored late
  // (a crash between charge and record, written after the lock) lands in the next period too.
  const reversedLate = await api(app, 'POST', `/api/v1/settlements/${s3.id}/reversal`, {
    key: COUNTER,
    body: { reason: '重复结算' },
    headers: moneyKey(),
  });
  expect(reversedLate.status).toBe(201);
  expect(reversedLate.body.period).toBe(next);
  // The late record: its accumulator charge was made in November, its record only now (the
  // engine rebuilds a record from its charge when it is read: the repair after a crash, S-5).
  const rebuilt = await api(app, 'GET', `/api/v1/settlements/${lost.id}`, { key: COUNTER });
  expect(rebuilt.status).toBe(200);
  expect(rebuilt.body.period).toBe(period);

  // P-3: reminders on the 17th and 19th, overdue after the 20th with an escalation.
  await advanceTo(`${next}-18`);
  expect((await clearing(clearingId, (c) => c.remindersSent === 1)).status).toBe('APPLIED');
  await advanceTo(`${next}-21`);
  const overdue = await clearing(clearingId, (c) => c.status === 'OVERDUE');
  expect(overdue).toMatchObject({ remindersSent: 2, overdue: true, escalated: true });
  expect(overdue.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['PAYMENT_REMINDED', 'OVERDUE', 'ESCALATED']));
  const paidOn = await today();
  const pay = { amountFen: 72_500, paidOn, bankFeeFen: 1_500, interestFen: 300 };
  const refused = await api(app, 'POST', `/api/v1/clearings/${clearingId}/payment`, { key: CLERK, body: pay });
  expect(refused.status).toBe(422);
  expect(refused.body.error.code).toBe('CLEARING_DELAY_REPORT_REQUIRED');
  const wrong = await api(app, 'POST', `/api/v1/clearings/${clearingId}/delay-report`, {
    key: CLERK,
    body: { reason: 'x', expectedDate: start },
  });
  expect(wrong.body.error.code).toBe('CLEARING_EXPECTED_DATE_PAST');
  const report = await api(app, 'POST', `/api/v1/clearings/${clearingId}/delay-report`, {
    key: CLERK,
    body: { reason: '财政专户资金调度中', expectedDate: addDays(paidOn, 2) },
  });
  expect(report.status).toBe(200);
  expect(report.body.delayReport).toMatchObject({ reason: '财政专户资金调度中', reports: 1 });
  const partial = await api(app, 'POST', `/api/v1/clearings/${clearingId}/payment`, { key: CLERK, body: { ...pay, amountFen: 70_000 } });
  expect(partial.body.error.code).toBe('CLEARING_PAYMENT_AMOUNT_MISMATCH');
  const paid = await api(app, 'POST', `/api/v1/clearings/${clearingId}/payment`, { key: CLERK, body: pay });
  expect(paid.status).toBe(200);
  expect(paid.body).toMatchObject({
    status: 'PAID',
    closedOn: paidOn,
    payment: { amountFen: 72_500, bankFeeFen: 1_500, interestFen: 300, late: true },
  });

  // RC-3: the hospital owes the insured fund 5,345 fen (an audit finding); the treatment agency
  // collects it, unless a clearing of the pair deducts it from the payment first.
  const ordered = await api(app, 'POST', '/api/v1/recoveries', {
    key: CLERK,
    body: {
      amountFen: 5_345,
      source: { type: 'AUDIT', id: `AUD-CLR-${process.pid}-${Date.now()}` },
      debtor: 'H110000001',
      reason: '年度审计：超标准收费',
      treatmentRegion: '110000',
      scheme: 'EMPLOYEE',
    },
  });
  expect(ordered.status).toBe(201);
  const recoveryId: string = ordered.body.id;

  // December's clearing: the late record and the reversal line, plus the deferred difference carried in.
  // The agency never had the late record (its day's upload ran before it was written): only ours.
  const following = nextPeriod(next);
  const decemberId = `CLR-220000-110000-${next}`;
  const ranDecember = await advanceTo(`${following}-05`, 9);
  expect(ranDecember).toEqual(expect.arrayContaining([`clearing ${next} (220000): ${decemberId}`]));
  const december = await clearing(decemberId, (c) => c.status === 'EXCEPTIONS');
  expect(december.lock).toMatchObject({ count: 1, fundFen: 8_000, adjustments: { count: 2, fundFen: 8_000 } });
  expect(december.reconciliation).toMatchObject({ matched: 1, onlyOurs: 1, onlyTheirs: 0, amountDiffers: 0, carriedIn: 1 });
  const decKinds = Object.fromEntries(december.exceptions.map((e: any) => [e.carriedFrom ? 'CARRIED' : e.kind, e]));
  expect(decKinds.ONLY_OURS).toMatchObject({ settlementId: lost.id, oursFen: 36_000 });
  expect(decKinds.CARRIED).toMatchObject({ kind: 'ONLY_THEIRS', carriedFrom: clearingId, theirsFen: 12_345 });
  const decide = (e: any, decision: string, note: string) =>
    api(app, 'POST', `/api/v1/clearings/${decemberId}/exceptions/${encodeURIComponent(e.id)}/resolution`, {
      key: CLERK,
      body: { decision, note },
    });
  expect((await decide(decKinds.ONLY_OURS, 'ACCEPT_OURS', '迟到记录，按调整清算')).status).toBe(200);
  const accepted = await decide(decKinds.CARRIED, 'ACCEPT_THEIRS', '就医地已提供结算凭证');
  expect(accepted.status).toBe(200);
  // 36,000 (the late record) - 28,000 (reversal of s3) + 12,345 (their line, accepted) = 20,345 fen,
  // less the hospital's debt offset against it (RC-3): 15,000 fen due.
  expect(accepted.body.statement).toMatchObject({
    count: 2,
    fundFen: 20_345,
    adjustments: { count: 3, fundFen: 20_345 },
    recoveryOffsetFen: 5_345,
    recoveries: [{ recoveryId, amountFen: 5_345 }],
    netDueFen: 15_000,
  });
  // The recovery hears it was settled by the offset and closes: nothing collected or transferred,
  // the fund that paid keeps the money (one OFFSET movement in its ledger).
  let recovery: any;
  for (let i = 0; i < 100 && recovery?.status !== 'CLOSED'; i += 1) {
    recovery = (await api(app, 'GET', `/api/v1/recoveries/${recoveryId}`, { key: CLERK })).body;
    if (recovery.status !== 'CLOSED') await new Promise((r) => setTimeout(r, 100));
  }
  expect(recovery).toMatchObject({ status: 'CLOSED', offset: { clearingId: decemberId, amountFen: 5_345 }, transfer: null });
  expect(recovery.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['OFFSET_IN_CLEARING', 'CLOSED']));
  const ledger = (await api(app, 'GET', `/api/v1/recoveries/${recoveryId}/ledger`, { key: CLERK })).body;
  expect(ledger.balance.byAccount['FUND-220000-EMPLOYEE']).toBe(5_345);

  // The books: every closed period's statement is the sum of its reconciled records; the ledger balances.
  const books = await checkClearingBooks(db);
  expect(books.problems).toEqual([]);
  expect(books).toMatchObject({ closedPeriods: 1, balanced: true });
  expect(isoDateInShanghai(Date.parse((await clock()).to)) >= `${following}-05`).toBe(true);

  // Running the same period again makes no second clearing.
  const rerun = await api(app, 'POST', '/api/v1/dev/clearings/run', {
    key: ADMIN,
    body: { period, insuredRegion: '220000', treatmentRegion: '110000' },
  });
  expect(rerun.status).toBe(200);
  expect(rerun.body).toMatchObject({ id: clearingId, status: 'PAID' });
  const early = await api(app, 'POST', '/api/v1/dev/clearings/run', {
    key: ADMIN,
    body: { period: following, insuredRegion: '220000', treatmentRegion: '110000' },
  });
  expect(early.body.error.code).toBe('CLEARING_PERIOD_NOT_ENDED');
});
