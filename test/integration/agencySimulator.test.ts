// The agency simulator keeps the promises real agency systems make (Idempotency-Key
// semantics) and breaks them on demand (faults), and the activity-side client classifies
// every failure so Temporal retries exactly when a retry is safe and useful.
// RC-4: a transfer happens exactly once however often a step is retried.
import { ApplicationFailure } from '@temporalio/common';
import { createAgencyClient } from '../../activities/agencyClient';
import type { TransferRequest } from '../../activities/agencyContract';
import { callAgency } from '../../activities/agencyHttp';
import { startAgencySimulator, type AgencySimulator } from '../../scripts/agency-simulator/server';

let sim: AgencySimulator;
/** The activities' client timeout; tests of slow agencies shorten it. */
let timeoutMs = 2000;
const agency = () => createAgencyClient({ baseUrl: sim.url, timeoutMs });

beforeAll(async () => {
  sim = await startAgencySimulator({ port: 0 });
});

afterAll(async () => {
  await sim.close();
});

beforeEach(async () => {
  timeoutMs = 2000;
  await control('POST', '/__reset');
});

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(sim.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text === '' ? null : JSON.parse(text);
}

const calls = async (pathPrefix: string, method = '') =>
  (await control('GET', `/__calls?pathPrefix=${encodeURIComponent(pathPrefix)}${method && `&method=${method}`}`)).calls;
const balance = async (account: string) => (await agency().getAccountBalance(account)).balanceFen;
const transfers = async () => (await control('GET', '/finance/transfers')).transfers as unknown[];

const recoveryTransfer: TransferRequest = {
  transferId: 'RC-1:transfer',
  fromAccount: 'treatment-fund:110000',
  toAccount: 'insured-fund:440800',
  amountFen: 123_456,
  purpose: 'RC-1 recovered money back to the paying fund',
  origin: { type: 'RECOVERY', id: 'RC-1' },
};
const KEY = 'recovery-RC-1:transfer';

/** What a Temporal activity retry loop sees: each attempt's failure, then the result. */
async function retryLikeTemporal<T>(attempt: () => Promise<T>, maxAttempts = 5) {
  const failures: ApplicationFailure[] = [];
  for (let i = 0; i < maxAttempts; i++) {
    try {
      return { result: await attempt(), failures };
    } catch (error) {
      if (!(error instanceof ApplicationFailure) || error.nonRetryable) throw error;
      failures.push(error);
    }
  }
  throw new Error(`still failing after ${maxAttempts} attempts`);
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('idempotency (RC-4)', () => {
  it('the same key twice returns the first result and moves the money once', async () => {
    const first = await agency().transferFunds(recoveryTransfer, KEY);
    const second = await agency().transferFunds(recoveryTransfer, KEY);

    expect(first).toEqual({ transferId: 'RC-1:transfer', status: 'COMPLETED', completedAt: expect.any(String) });
    expect(second).toEqual(first);
    expect(await balance('insured-fund:440800')).toBe(123_456);
    expect(await balance('treatment-fund:110000')).toBe(-123_456);
    expect(await transfers()).toHaveLength(1);
    expect((await calls('/finance/transfers', 'POST')).map((c: any) => c.outcome)).toEqual(['applied', 'replayed']);
  });

  it('a replay carries Idempotent-Replay: true, whatever the key order of the body', async () => {
    const call = { baseUrl: sim.url, method: 'POST' as const, path: '/finance/transfers', idempotencyKey: KEY, timeoutMs: 2000 };
    const first = await callAgency({ ...call, body: recoveryTransfer });
    const reordered = Object.fromEntries(Object.entries(recoveryTransfer).reverse());
    const again = await callAgency({ ...call, body: reordered });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ ...first, replayed: true });
  });

  it('a reused key with a different body -> 409, non-retryable AGENCY_REJECTED, nothing moved', async () => {
    await agency().transferFunds(recoveryTransfer, KEY);
    const failure = await failureOf(agency().transferFunds({ ...recoveryTransfer, amountFen: 999 }, KEY));
    expect(failure.type).toBe('AGENCY_REJECTED');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details?.[0]).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
    expect(await balance('insured-fund:440800')).toBe(123_456);
  });

  it('the transferId guards too: the same transfer under a new key is not moved again', async () => {
    const first = await agency().transferFunds(recoveryTransfer, KEY);
    expect(await agency().transferFunds(recoveryTransfer, 'another-key')).toEqual(first);
    expect(await transfers()).toHaveLength(1);
    const failure = await failureOf(agency().transferFunds({ ...recoveryTransfer, amountFen: 1 }, 'third-key'));
    expect(failure.details?.[0]).toMatchObject({ status: 409, body: { error: { code: 'TRANSFER_ID_CONFLICT' } } });
  });

  it('writes without an Idempotency-Key are refused (400) and change nothing', async () => {
    const response = await fetch(`${sim.url}/finance/transfers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(recoveryTransfer),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await transfers()).toHaveLength(0);
  });

  it('concurrent retries of one request (first one slowed down) still move the money once', async () => {
    await control('POST', '/__faults', {
      match: { pathPrefix: '/finance/transfers', method: 'POST' },
      mode: 'slow',
      delayMs: 300,
      times: 1,
    });
    const [a, b] = await Promise.all([agency().transferFunds(recoveryTransfer, KEY), agency().transferFunds(recoveryTransfer, KEY)]);
    expect(a).toEqual(b);
    expect(await transfers()).toHaveLength(1);
    expect(await balance('insured-fund:440800')).toBe(123_456);
  });
});

describe('faults', () => {
  it("'error' twice, then success: the client sees two retryable failures, the money moves once", async () => {
    await control('POST', '/__faults', { match: { pathPrefix: '/finance/transfers' }, mode: 'error', times: 2 });
    const { result, failures } = await retryLikeTemporal(() => agency().transferFunds(recoveryTransfer, KEY));

    expect(failures.map((f) => [f.type, f.nonRetryable, (f.details?.[0] as any).status])).toEqual([
      ['AGENCY_UNAVAILABLE', false, 503],
      ['AGENCY_UNAVAILABLE', false, 503],
    ]);
    expect(result.status).toBe('COMPLETED');
    expect((await calls('/finance/transfers')).map((c: any) => c.outcome)).toEqual(['not-processed', 'not-processed', 'applied']);
    expect(await balance('insured-fund:440800')).toBe(123_456);
  });

  it("'error' with a 4xx status is classified as a rejection", async () => {
    await control('POST', '/__faults', { match: { pathPrefix: '/agencies' }, mode: 'error', status: 422, times: 1 });
    const failure = await failureOf(
      agency().notifyRecoveryDebtor('110000', { recoveryId: 'RC-1', amountFen: 100, dueDate: '2026-03-01', reason: 'I-5' }, 'wf:notify'),
    );
    expect(failure.type).toBe('AGENCY_REJECTED');
    expect(failure.nonRetryable).toBe(true);
  });

  it.each(['error', 'reset'] as const)(
    "'%s' afterProcessing: the transfer took effect though the client failed; the retry gets the original result",
    async (mode) => {
      await control('POST', '/__faults', { match: { pathPrefix: '/finance/transfers' }, mode, times: 1, afterProcessing: true });

      const lost = await failureOf(agency().transferFunds(recoveryTransfer, KEY));
      expect(lost.type).toBe('AGENCY_UNAVAILABLE');
      expect(lost.nonRetryable).toBe(false);
      const recorded = await agency().findTransfer(recoveryTransfer.transferId);
      expect(recorded).not.toBeNull();
      expect(await balance('insured-fund:440800')).toBe(123_456);

      const retried = await agency().transferFunds(recoveryTransfer, KEY);
      expect(retried).toEqual({ transferId: recorded!.transferId, status: 'COMPLETED', completedAt: recorded!.completedAt });
      expect(await balance('insured-fund:440800')).toBe(123_456);
      expect(await transfers()).toHaveLength(1);
      const log = await calls('/finance/transfers', 'POST');
      expect(log.map((c: any) => [c.outcome, c.status])).toEqual([
        ['applied', mode === 'error' ? 503 : null],
        ['replayed', 201],
      ]);
    },
  );

  it("'slow' beyond the client timeout -> retryable TIMEOUT; the request still lands and the retry replays it", async () => {
    timeoutMs = 200;
    await control('POST', '/__faults', {
      match: { pathPrefix: '/finance/transfers', method: 'POST' },
      mode: 'slow',
      delayMs: 600,
      times: 1,
    });

    const timedOut = await failureOf(agency().transferFunds(recoveryTransfer, KEY));
    expect(timedOut.type).toBe('AGENCY_UNAVAILABLE');
    expect(timedOut.nonRetryable).toBe(false);
    expect(timedOut.details?.[0]).toMatchObject({ reason: 'TIMEOUT' });

    await sleep(700); // the slowed request is processed after the client gave up
    expect(await transfers()).toHaveLength(1);
    await agency().transferFunds(recoveryTransfer, KEY);
    expect(await transfers()).toHaveLength(1);
    expect(await balance('insured-fund:440800')).toBe(123_456);
  });

  it("'timeout' holds the request until the client gives up; nothing happens", async () => {
    timeoutMs = 200;
    await control('POST', '/__faults', { match: { pathPrefix: '/finance/transfers' }, mode: 'timeout', times: 1 });
    const failure = await failureOf(agency().transferFunds(recoveryTransfer, KEY));
    expect(failure.details?.[0]).toMatchObject({ reason: 'TIMEOUT' });
    expect(await transfers()).toHaveLength(0);
    expect((await calls('/finance/transfers'))[0]).toMatchObject({ outcome: 'not-processed', status: null, fault: { mode: 'timeout' } });
  });

  it("'reset' before processing -> retryable NETWORK, nothing happens", async () => {
    await control('POST', '/__faults', { match: { pathPrefix: '/finance' }, mode: 'reset', times: 1 });
    const failure = await failureOf(agency().transferFunds(recoveryTransfer, KEY));
    expect(failure.details?.[0]).toMatchObject({ reason: 'NETWORK' });
    expect(await transfers()).toHaveLength(0);
  });

  it('a method filter leaves other methods alone, and DELETE /__faults clears everything', async () => {
    await control('POST', '/__faults', { match: { pathPrefix: '/finance', method: 'post' }, mode: 'error' });
    await expect(agency().getCollection('RC-1')).resolves.toMatchObject({ confirmed: false });
    await failureOf(agency().transferFunds(recoveryTransfer, KEY));
    await control('DELETE', '/__faults');
    await expect(agency().transferFunds(recoveryTransfer, KEY)).resolves.toMatchObject({ status: 'COMPLETED' });
  });

  it('invalid fault specs are refused', async () => {
    const response = await fetch(`${sim.url}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { pathPrefix: 'finance' }, mode: 'explode' }),
    });
    expect(response.status).toBe(400);
  });
});

describe('agencies, collections and the call log', () => {
  it('__calls records method, path, Idempotency-Key, body and outcome of every request', async () => {
    const notice = {
      inquiryId: 'INQ-1',
      kind: 'EXPENSE_INQUIRY' as const,
      insuredRegion: '220000',
      settlementId: 'SET-1',
      reason: 'I-1 inpatient bill over 30,000 yuan',
      dueDate: '2026-02-26',
    };
    const receipt = await agency().notifyInquiry('110000', notice, 'inquiry-INQ-1:notify');
    expect(receipt).toEqual({ received: true, receiptId: expect.any(String) });
    await agency().notifyInquiry('110000', notice, 'inquiry-INQ-1:notify');

    const log = await calls('/agencies/110000');
    expect(log).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/agencies/110000/inquiries',
        idempotencyKey: 'inquiry-INQ-1:notify',
        body: notice,
        outcome: 'applied',
        status: 202,
      }),
      expect.objectContaining({ idempotencyKey: 'inquiry-INQ-1:notify', outcome: 'replayed', status: 202 }),
    ]);
    expect((await control('GET', '/agencies/110000/inbox')).messages).toHaveLength(1);
    expect((await control('GET', '/agencies/310000/inbox')).messages).toHaveLength(0);

    await control('DELETE', '/__calls');
    expect(await calls('/')).toEqual([]);
  });

  it('keys are scoped per system: the same key at another region is a new request', async () => {
    const notice = { recoveryId: 'RC-9', amountFen: 500, dueDate: '2026-03-01', reason: 'I-5 disallowed amount' };
    const a = await agency().notifyRecoveryDebtor('110000', notice, 'same-key');
    const b = await agency().notifyRecoveryDebtor('310000', notice, 'same-key');
    expect(a.receiptId).not.toBe(b.receiptId);
  });

  it('invalid input from our side fails without a retry and never reaches the agency', async () => {
    const failure = await failureOf(agency().transferFunds({ ...recoveryTransfer, amountFen: 12.5 }, KEY));
    expect(failure.type).toBe('AGENCY_REQUEST_INVALID');
    expect(failure.nonRetryable).toBe(true);
    expect(await calls('/')).toEqual([]);
  });

  it('collections: unconfirmed until finance confirms the payment; parts add up', async () => {
    await expect(agency().getCollection('RC-1')).resolves.toEqual({ recoveryId: 'RC-1', confirmed: false, amountFen: 0 });
    const confirm = (amountFen: number, key: string) =>
      callAgency({
        baseUrl: sim.url,
        method: 'POST',
        path: '/finance/collections/RC-1/confirm',
        body: { amountFen },
        idempotencyKey: key,
        timeoutMs: 2000,
      });
    await confirm(100_000, 'pay-1');
    await confirm(100_000, 'pay-1'); // replay, not a second payment
    await confirm(23_456, 'pay-2');
    await expect(agency().getCollection('RC-1')).resolves.toEqual({ recoveryId: 'RC-1', confirmed: true, amountFen: 123_456 });
  });

  it('POST /__reset forgets everything, keys included', async () => {
    await agency().transferFunds(recoveryTransfer, KEY);
    await control('POST', '/__reset');
    expect(await transfers()).toHaveLength(0);
    expect(await balance('insured-fund:440800')).toBe(0);
    await agency().transferFunds(recoveryTransfer, KEY);
    expect((await calls('/finance/transfers'))[0].outcome).toBe('applied');
  });
});
