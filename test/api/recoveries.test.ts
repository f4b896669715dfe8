// Recovery orders through HTTP against the real stack (RC-1..RC-4): one recovery per source,
// region scoping, E-1 rejections, fines retained, and a clerk-ordered audit recovery closing
// with exactly one transfer and a balanced ledger.
import { api, DEV_API_KEYS, startApp, type TestApp } from '../setup/stackEnv';

const CLERK = DEV_API_KEYS.clerk440800.key;
const OTHER_CLERK = DEV_API_KEYS.clerk220000.key;
const AGENCY = DEV_API_KEYS.agency110000.key;
const SIM = () => process.env.AGENCY_API_URL!;

let app: TestApp;
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

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe('recoveries over HTTP', () => {
  it('RC-2: one recovery per source: the same order again returns it (200), a different one conflicts (409)', async () => {
    const body = audit();
    const first = await order(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: `REC-AUD-${body.source.id}`,
      amountFen: 66_600,
      source: body.source,
      debtor: 'H110000003',
      insuredRegion: '440800',
      targetAccount: 'FUND-440800-RESIDENT',
      transferId: `TRF-REC-AUD-${body.source.id}`,
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

  it('regions: another region clerk cannot read an order (404); treatment agencies and hospitals may not use the endpoint (403)', async () => {
    const { body } = await order(audit());
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}`, { key: OTHER_CLERK })).status).toBe(404);
    expect((await api(app, 'GET', `/api/v1/recoveries/${body.id}`, { key: AGENCY })).status).toBe(403);
    expect((await order(audit(), AGENCY)).status).toBe(403);
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
});
