// Recovery orders through HTTP against the real stack (RC-1..RC-4): one recovery per source
// (audit and fraud numbers scoped by the ordering region), orders that must match their source,
// region scoping (a treatment agency reads its region's), E-1 rejections, fines retained, a
// clerk-ordered audit recovery closing with exactly one transfer and a balanced ledger, a transfer
// refused by finance retried by a clerk, and links to recoveries that never dangle.
import mongoose from 'mongoose';
import { api, DEV_API_KEYS, startApp, type TestApp } from '../setup/stackEnv';
import { commitmentFiling } from '../support/filingRequests';

const CLERK = DEV_API_KEYS.clerk440800.key;
const OTHER_CLERK = DEV_API_KEYS.clerk220000.key;
const AGENCY = DEV_API_KEYS.agency110000.key;
const OTHER_AGENCY = DEV_API_KEYS.agency310000.key;
const HOSPITAL = DEV_API_KEYS.hospital110000.key;
const ADMIN = DEV_API_KEYS.admin.key;
const SIM = () => process.env.AGENCY_API_URL!;

let app: TestApp;
let db: mongoose.Connection;
let seq = 0;

function audit(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    amountFen: 66_600,
    source: { type: 'AUDIT', id: `AUD-${process.pid}-${seq}-${Date.now()}` },
    debtor: 'H110000003',
    reason: '年度审计：重复结算',
    treatmentRegion: '110000',
    scheme: 'RESIDENT',
    ...overrides,
  };
}

const order = (body: unknown, key: string = CLERK) => api(app, 'POST', '/api/v1/recoveries', { key, body });

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

async function sim(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${SIM()}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status === 204 ? undefined : res.json();
}

async function pay(id: string, amountFen: number): Promise<void> {
  const res = await fetch(`${SIM()}/finance/collections/${id}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${id}` },
    body: JSON.stringify({ amountFen }),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  app = await startApp();
  db = await mongoose.createConnection(app.env.MONGODB_URI!).asPromise();
});

afterAll(async () => {
  await db?.close();
  await app?.stop();
});

describe('recoveries over HTTP', () => {
  it('RC-2: one recovery per source: the same order again returns it (200), a different one conflicts (409)', async () => {
    const body = audit();
    const first = await order(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: `REC-AUD-440800-${body.source.id}`,
      amountFen: 66_600,
      source: body.source,
      debtor: 'H110000003',
      insuredRegion: '440800',
      targetAccount: 'FUND-440800-RESIDENT',
      transferId: `TRF-REC-AUD-440800-${body.source.id}`,
    });
    expect(first.body.dueDate).toBeDefined();

    const again = await order(body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const different = await order({ ...body, amountFen: 70_000 });
    expect(different.status).toBe(409);
    expect(different.body.error).toMatchObject({ code: 'RECOVERY_SOURCE_CONFLICT', details: { recoveryId: first.body.id } });
  });

  it('RC-1, E-1: the paying fund must be known; an INQUIRY source must be a case of the region', async () => {
    const noScheme = await order({ ...audit(), scheme: undefined });
    expect(noScheme.status).toBe(400);
    expect(noScheme.body.error.code).toBe('RECOVERY_SCHEME_REQUIRED');

    const unknownInquiry = await order(audit({ source: { type: 'INQUIRY', id: 'INQ-DOES-NOT-EXIST' } }));
    expect(unknownInquiry.status).toBe(404);
    expect(unknownInquiry.body.error.code).toBe('RECOVERY_SOURCE_NOT_FOUND');

    const bad = await order({ ...audit(), amountFen: -5, fines: [{ kind: 'TIP', amountFen: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('RC-2: two regions may use the same audit number: each gets its own recovery (REC-AUD-<region>-<id>)', async () => {
    const shared = `AUD-SHARED-${process.pid}-${Date.now()}`;
    const ours = await order(audit({ source: { type: 'AUDIT', id: shared } }));
    const theirs = await order(audit({ source: { type: 'AUDIT', id: shared }, amountFen: 12_300, debtor: 'H110000002' }), OTHER_CLERK);
    expect(ours.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(ours.body).toMatchObject({ id: `REC-AUD-440800-${shared}`, insuredRegion: '440800', amountFen: 66_600 });
    expect(theirs.body).toMatchObject({ id: `REC-AUD-220000-${shared}`, insuredRegion: '220000', amountFen: 12_300 });
    // Each region sees only its own; a fraud number is scoped the same way; an admin names the region.
    expect((await api(app, 'GET', `/api/v1/recoveries/${theirs.body.id}`, { key: CLERK })).status).toBe(404);
    const fraud = await order(audit({ source: { type: 'FRAUD', id: shared } }), OTHER_CLERK);
    expect(fraud.body.id).toBe(`REC-FRA-220000-${shared}`);
    const byAdmin = await order(audit({ source: { type: 'AUDIT', id: shared }, insuredRegion: '440800' }), ADMIN);
    expect(byAdmin).toMatchObject({ status: 200, body: { id: ours.body.id } });
  });

  it('RC-2, F-7: a COMMITMENT order needs a LAPSED filing; a pending commitment is refused with its status', async () => {
    const filing = await api(app, 'POST', '/api/v1/filings', { key: OTHER_CLERK, body: commitmentFiling() });
    expect(filing.status).toBe(201);
    const refused = await order(
      audit({ source: { type: 'COMMITMENT', id: filing.body.id }, treatmentRegion: '110000', scheme: undefined }),
      OTHER_CLERK,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'RECOVERY_SOURCE_NOT_LAPSED',
      category: 'STATE',
      details: { status: 'COMMITMENT_PENDING', source: { type: 'COMMITMENT', id: filing.body.id } },
    });
    expect(refused.body.error.message.en).toMatch(/lapsed/);
    // Another region's clerk does not even find the filing.
    expect((await order(audit({ source: { type: 'COMMITMENT', id: filing.body.id } }))).body.error.code).toBe('RECOVERY_SOURCE_NOT_FOUND');
    expect((await api(app, 'GET', `/api/v1/recoveries/${'REC-COM-' + filing.body.id}`, { key: OTHER_CLERK })).status).toBe(404);
  });

  it('regions: another region clerk cannot read an order (404); the treatment-region agency reads it (GET only), hospitals may not use the endpoint (403)', async () => {
    const { body } = await order(audit());
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}`, { key: OTHER_CLERK })).status).toBe(404);
    // The agency of the treatment region collects from the debtor: it reads the case and its ledger.
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}`, { key: AGENCY })).body).toMatchObject({
      id: body.id,
      treatmentRegion: '110000',
    });
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}/ledger`, { key: AGENCY })).status).toBe(200);
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}`, { key: OTHER_AGENCY })).status).toBe(404);
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}`, { key: HOSPITAL })).status).toBe(403);
    const agencyList = await api(app, 'GET', '/api/v1/recoveries?pageSize=100', { key: AGENCY });
    expect(agencyList.body.items.map((r: { id: string }) => r.id)).toContain(body.id);
    expect(agencyList.body.items.every((r: { treatmentRegion: string }) => r.treatmentRegion === '110000')).toBe(true);
    const otherAgencyList = await api(app, 'GET', '/api/v1/recoveries?pageSize=100', { key: OTHER_AGENCY });
    expect(otherAgencyList.body.items.map((r: { id: string }) => r.id)).not.toContain(body.id);
    // It reads; it does not act for the insured region.
    expect((await order(audit(), AGENCY)).status).toBe(403);
    expect((await api(app, 'POST', `/api/v1/recoveries/${body.id}/payment-reports`, { key: AGENCY, body: {} })).status).toBe(403);
    expect((await api(app, 'POST', `/api/v1/recoveries/${body.id}/transfer-retry`, { key: AGENCY, body: {} })).status).toBe(403);
    expect((await api(app, 'POST', '/api/v1/recoveries', { key: OTHER_CLERK, body: audit({ insuredRegion: '440800' }) })).status).toBe(403);
    const mine = await api(app, 'GET', '/api/v1/recoveries?sourceType=AUDIT&pageSize=100', { key: CLERK });
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(body.id);
    const theirs = await api(app, 'GET', '/api/v1/recoveries?pageSize=100', { key: OTHER_CLERK });
    expect(theirs.body.items.map((r: { id: string }) => r.id)).not.toContain(body.id);
  });

  it('RC-1, RC-3, RC-4: fines stay with the treatment region; the fund money is collected, transferred once, reconciled and closed', async () => {
    const body = audit({ amountFen: 90_000, fines: [{ kind: 'ADMINISTRATIVE_FINE', amountFen: 30_000, note: '行政罚款' }] });
    const created = await order(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ finesRetainedFen: 30_000, fines: [{ kind: 'ADMINISTRATIVE_FINE', amountFen: 30_000 }] });
    const id: string = created.body.id;
    await eventually(
      () => api(app, 'GET', `/api/v1/recoveries/${id}`, { key: CLERK }),
      (r) => r.body.status === 'AWAITING_PAYMENT',
      'awaiting payment',
    );

    // Reported before finance has the money: the engine checks and keeps waiting.
    expect((await api(app, 'POST', `/api/v1/recoveries/${id}/payment-reports`, { key: CLERK, body: {} })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await api(app, 'GET', `/api/v1/recoveries/${id}`, { key: CLERK })).body.status).toBe('AWAITING_PAYMENT');

    await fetch(`${SIM()}/finance/collections/${id}/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `pay-${id}` },
      body: JSON.stringify({ amountFen: 120_000 }), // fund money and fine paid together
    });
    expect((await api(app, 'POST', `/api/v1/recoveries/${id}/payment-reports`, { key: CLERK, body: { note: '已到账' } })).status).toBe(202);
    const closed = await eventually(
      () => api(app, 'GET', `/api/v1/recoveries/${id}`, { key: CLERK }),
      (r) => r.body.status === 'CLOSED',
      'closed',
    );
    expect(closed.body).toMatchObject({
      transfer: { amountFen: 90_000, fromAccount: 'COLLECTION-110000', toAccount: 'FUND-440800-RESIDENT' },
      reconciliation: { matched: true },
    });

    const transfers = (await (await fetch(`${SIM()}/finance/transfers?originType=AUDIT&originId=${body.source.id}`)).json()) as any;
    expect(transfers.transfers.map((t: { amountFen: number }) => t.amountFen)).toEqual([90_000]);
    const ledger = (await api(app, 'GET', `/api/v1/recoveries/${id}/ledger`, { key: CLERK })).body;
    expect(ledger.balance).toMatchObject({ balanced: true, debitFen: 180_000, creditFen: 180_000 });
    expect(ledger.balance.byAccount['FUND-440800-RESIDENT']).toBe(90_000);
    expect(ledger.balance.byAccount['COLLECTION-110000']).toBe(0);

    // A payment report after the end is refused as a state conflict.
    const late = await api(app, 'POST', `/api/v1/recoveries/${id}/payment-reports`, { key: CLERK, body: {} });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('RECOVERY_NOT_AWAITING_PAYMENT');
  });

  it('RC-3, RC-4: finance refuses the transfer: the case shows TRANSFER_REFUSED, escalated; a clerk retry under a new key transfers once and closes', async () => {
    const body = audit({ amountFen: 55_500 });
    const created = await order(body);
    const id: string = created.body.id;
    // Finance refuses the first transfer request of this recovery and remembers the refusal under its key.
    const fault = await sim('POST', '/__faults', {
      match: { method: 'POST', pathPrefix: '/finance/transfers', idempotencyKeyPrefix: `${id}:transfer` },
      mode: 'refuse',
      status: 422,
      times: 1,
    });
    try {
      // Nothing refused yet: a retry is refused as a state conflict.
      const early = await api(app, 'POST', `/api/v1/recoveries/${id}/transfer-retry`, { key: CLERK, body: {} });
      expect(early.status).toBe(409);
      expect(early.body.error.code).toBe('RECOVERY_NOT_TRANSFER_REFUSED');

      await pay(id, 55_500);
      await api(app, 'POST', `/api/v1/recoveries/${id}/payment-reports`, { key: CLERK, body: {} });
      const refused = await eventually(
        () => api(app, 'GET', `/api/v1/recoveries/${id}`, { key: CLERK }),
        (r) => r.body.status === 'TRANSFER_REFUSED' && r.body.events.some((e: { type: string }) => e.type === 'ESCALATED'),
        'transfer refused and escalated',
      );
      expect(refused.body).toMatchObject({
        collectedFen: 55_500,
        transfer: null,
        escalated: true,
        transferRetries: 0,
        transferRefusal: { key: `${id}:transfer`, reason: expect.stringContaining('SIMULATED_REFUSAL') },
      });
      // M-2: the refusal counts in today's error report of the case's regions, read from its timeline.
      const report = await api(app, 'GET', '/api/v1/monitoring/error-report', { key: CLERK });
      expect(report.body.byCode.find((g: { code: string }) => g.code === 'TRANSFER_REFUSED')).toMatchObject({
        category: 'UPSTREAM',
        cases: [{ caseType: 'RECOVERY', count: expect.any(Number) }],
      });
      // The agency that collected sees the exception too; the province was told.
      expect((await api(app, 'GET', `/api/v1/recoveries/${id}`, { key: AGENCY })).body.status).toBe('TRANSFER_REFUSED');
      const province = (await sim('GET', '/agencies/440000/inbox')).messages;
      expect(province.some((m: { kind: string; payload: { caseId?: string } }) => m.kind === 'ESCALATION' && m.payload.caseId === id)).toBe(
        true,
      );
      // The money waits in the collection account: only the collection is booked.
      const held = (await api(app, 'GET', `/api/v1/recoveries/${id}/ledger`, { key: CLERK })).body;
      expect(held.balance.byAccount['COLLECTION-110000']).toBe(55_500);
      expect(held.balance.byAccount['FUND-440800-RESIDENT'] ?? 0).toBe(0);

      // Another region's clerk cannot retry it (not disclosed); the insured region's clerk does.
      expect((await api(app, 'POST', `/api/v1/recoveries/${id}/transfer-retry`, { key: OTHER_CLERK, body: {} })).status).toBe(404);
      const retry = await api(app, 'POST', `/api/v1/recoveries/${id}/transfer-retry`, {
        key: CLERK,
        headers: { 'Idempotency-Key': `retry-${id}` },
        body: { note: '财务已解冻基金账户' },
      });
      expect(retry.status).toBe(202);
      expect(retry.body).toMatchObject({ status: 'COLLECTED', transferRetries: 1, transferRefusal: null });
      const closed = await eventually(
        () => api(app, 'GET', `/api/v1/recoveries/${id}`, { key: CLERK }),
        (r) => r.body.status === 'CLOSED',
        'closed after the retry',
      );
      expect(closed.body).toMatchObject({ transfer: { transferId: `TRF-${id}`, amountFen: 55_500 }, reconciliation: { matched: true } });
      expect(closed.body.events.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(['TRANSFER_REFUSED', 'ESCALATED', 'TRANSFER_RETRY_REQUESTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED']),
      );
      // Finance saw the refused key once and the retry's new key once: one transfer.
      const calls = (await sim('GET', '/__calls?pathPrefix=/finance/transfers&method=POST')).calls.filter(
        (c: { body: { transferId?: string } }) => c.body?.transferId === `TRF-${id}`,
      );
      expect(calls.map((c: { idempotencyKey: string; outcome: string }) => [c.idempotencyKey, c.outcome])).toEqual([
        [`${id}:transfer`, 'rejected'],
        [`${id}:transfer:retry-1`, 'applied'],
      ]);
      expect((await sim('GET', `/finance/transfers?originType=AUDIT&originId=${body.source.id}`)).transfers).toHaveLength(1);
      const ledger = (await api(app, 'GET', `/api/v1/recoveries/${id}/ledger`, { key: CLERK })).body;
      expect(ledger.balance).toMatchObject({ balanced: true, debitFen: 111_000, creditFen: 111_000 });
      expect(ledger.balance.byAccount['COLLECTION-110000']).toBe(0);
    } finally {
      await sim('DELETE', `/__faults/${fault.faultId}`);
    }
  });
});

describe('links to recoveries never dangle', () => {
  /** A filing that names a recovery (as F-7 leaves it), written straight into the read model. */
  async function filingNaming(recoveryId: string, filingId: string) {
    const document = {
      id: filingId,
      status: 'LAPSED',
      personId: '110101197001010011',
      insuredRegion: '440800',
      treatmentRegion: '110000',
      recoveryId,
      events: [
        { seq: 1, at: '2026-03-01T09:00:00.000+08:00', type: 'OPENED', actor: 'INSURED_CLERK:440800' },
        { seq: 2, at: '2026-09-01T00:00:00.000+08:00', type: 'RECOVERY_STARTED', actor: 'system', data: { recoveryId, amountFen: 5_000 } },
      ],
    };
    await db.collection('filing_views').insertOne({
      _id: filingId as unknown as mongoose.mongo.ObjectId,
      filingId,
      revision: 1,
      personId: document.personId,
      insuredRegion: '440800',
      treatmentRegion: '110000',
      status: 'LAPSED',
      recoveryId,
      createdAt: new Date().toISOString(),
      document,
    });
  }

  it('E-2: a filing names its recoveryId only once the recovery can be read by the caller (field and timeline)', async () => {
    const filingId = `FIL-LINK-${process.pid}-${Date.now()}`;
    const recoveryId = `REC-COM-${filingId}`;
    await filingNaming(recoveryId, filingId);

    const before = await api(app, 'GET', `/api/v1/filings/${filingId}`, { key: CLERK });
    expect(before.status).toBe(200);
    expect(before.body.recoveryId).toBeNull();
    expect(before.body.events[1]).toEqual(expect.objectContaining({ type: 'RECOVERY_STARTED', data: { amountFen: 5_000 } }));
    const listed = await api(app, 'GET', '/api/v1/filings?status=LAPSED&pageSize=100', { key: CLERK });
    expect(listed.body.items.find((f: { id: string }) => f.id === filingId).recoveryId).toBeNull();

    // The recovery's view is stored: now it is named, and the same caller can GET it.
    await db.collection('recovery_views').insertOne({
      _id: recoveryId as unknown as mongoose.mongo.ObjectId,
      recoveryId,
      revision: 1,
      status: 'AWAITING_PAYMENT',
      insuredRegion: '440800',
      treatmentRegion: '110000',
      sourceType: 'COMMITMENT',
      sourceId: filingId,
      createdAt: new Date().toISOString(),
      document: { id: recoveryId, status: 'AWAITING_PAYMENT', insuredRegion: '440800', treatmentRegion: '110000', events: [] },
    });
    for (const key of [CLERK, AGENCY]) {
      const after = await api(app, 'GET', `/api/v1/filings/${filingId}`, { key });
      expect(after.body.recoveryId).toBe(recoveryId);
      expect(after.body.events[1].data).toEqual({ recoveryId, amountFen: 5_000 });
      expect((await api(app, 'GET', `/api/v1/recoveries/${after.body.recoveryId}`, { key })).status).toBe(200);
      const page = await api(app, 'GET', '/api/v1/filings?status=LAPSED&pageSize=100', { key });
      expect(page.body.items.find((f: { id: string }) => f.id === filingId).recoveryId).toBe(recoveryId);
    }
    // A hospital reads the filing but never recoveries: the link is not shown to it.
    const hospital = await api(app, 'GET', `/api/v1/filings/${filingId}`, { key: HOSPITAL });
    expect(hospital.status).toBe(200);
    expect(hospital.body.recoveryId).toBeNull();
    expect(hospital.body.events[1].data).toEqual({ amountFen: 5_000 });
  });
});
