// How calls to agency systems are classified: retry (the agency may answer later) or
// reject (retrying cannot help). RC-4 relies on retries being safe, which the
// Idempotency-Key sent with every write makes so.
import { ApplicationFailure } from '@temporalio/common';
import { callAgency, classifyAgencyResponse, isRetryable, type AgencyVerdict } from '../../activities/agencyHttp';

function timeoutError(): Error {
  // What fetch rejects with when AbortSignal.timeout fires.
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

function networkError(code: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

describe('classifyAgencyResponse', () => {
  const statusTable: [number, AgencyVerdict][] = [
    [200, 'OK'],
    [201, 'OK'],
    [202, 'OK'],
    [204, 'OK'],
    [304, 'REJECTED'],
    [400, 'REJECTED'],
    [401, 'REJECTED'],
    [403, 'REJECTED'],
    [404, 'REJECTED'],
    [408, 'UNAVAILABLE'],
    [409, 'REJECTED'],
    [422, 'REJECTED'],
    [429, 'UNAVAILABLE'],
    [500, 'UNAVAILABLE'],
    [502, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [504, 'UNAVAILABLE'],
  ];
  it.each(statusTable)('status %i -> %s', (status, verdict) => {
    expect(classifyAgencyResponse({ status })).toBe(verdict);
  });

  it.each([
    ['timeout (AbortSignal.timeout)', timeoutError(), 'TIMEOUT'],
    ['connection refused', networkError('ECONNREFUSED'), 'NETWORK'],
    ['connection reset', networkError('ECONNRESET'), 'NETWORK'],
    ['socket closed by the other side', networkError('UND_ERR_SOCKET'), 'NETWORK'],
    ['something that is not even an Error', 'boom', 'NETWORK'],
  ] as [string, unknown, AgencyVerdict][])('%s -> %s', (_name, error, verdict) => {
    expect(classifyAgencyResponse({ error })).toBe(verdict);
  });

  it('only TIMEOUT, NETWORK and UNAVAILABLE are retryable', () => {
    expect((['OK', 'TIMEOUT', 'NETWORK', 'UNAVAILABLE', 'REJECTED'] as AgencyVerdict[]).filter(isRetryable)).toEqual([
      'TIMEOUT',
      'NETWORK',
      'UNAVAILABLE',
    ]);
  });
});

describe('callAgency turns verdicts into Temporal failures', () => {
  const call = {
    baseUrl: 'http://agency.test/',
    method: 'POST' as const,
    path: '/finance/transfers',
    body: { a: 1 },
    idempotencyKey: 'wf-1:transfer',
    timeoutMs: 1000,
  };
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    fetchMock = jest.spyOn(globalThis, 'fetch');
  });
  afterEach(() => fetchMock.mockRestore());

  async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }

  it('sends the Idempotency-Key and JSON body, and reports a replayed answer', async () => {
    fetchMock.mockResolvedValue(new Response('{"ok":true}', { status: 201, headers: { 'Idempotent-Replay': 'true' } }));
    await expect(callAgency(call)).resolves.toEqual({ status: 201, body: { ok: true }, replayed: true });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://agency.test/finance/transfers');
    expect(init.headers).toMatchObject({ 'idempotency-key': 'wf-1:transfer', 'content-type': 'application/json' });
    expect(init.body).toBe('{"a":1}');
    expect(init.signal).toBeInstanceOf(AbortSignal);
  });

  it('503 -> retryable AGENCY_UNAVAILABLE', async () => {
    fetchMock.mockResolvedValue(new Response('{"error":{}}', { status: 503 }));
    const failure = await failureOf(callAgency(call));
    expect(failure.type).toBe('AGENCY_UNAVAILABLE');
    expect(failure.nonRetryable).toBe(false);
  });

  it('timeout -> retryable AGENCY_UNAVAILABLE with reason TIMEOUT', async () => {
    fetchMock.mockRejectedValue(timeoutError());
    const failure = await failureOf(callAgency(call));
    expect(failure.type).toBe('AGENCY_UNAVAILABLE');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.details?.[0]).toMatchObject({ reason: 'TIMEOUT' });
  });

  it('network error -> retryable AGENCY_UNAVAILABLE with reason NETWORK', async () => {
    fetchMock.mockRejectedValue(networkError('ECONNRESET'));
    const failure = await failureOf(callAgency(call));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toContain('ECONNRESET');
    expect(failure.details?.[0]).toMatchObject({ reason: 'NETWORK' });
  });

  it('422 -> non-retryable AGENCY_REJECTED with status and body in details', async () => {
    fetchMock.mockResolvedValue(new Response('{"error":{"code":"NO"}}', { status: 422 }));
    const failure = await failureOf(callAgency(call));
    expect(failure.type).toBe('AGENCY_REJECTED');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details?.[0]).toMatchObject({ status: 422, body: { error: { code: 'NO' } } });
  });

  it('a non-JSON error body is kept as text', async () => {
    fetchMock.mockResolvedValue(new Response('Bad gateway', { status: 400 }));
    const failure = await failureOf(callAgency(call));
    expect(failure.details?.[0]).toMatchObject({ status: 400, body: 'Bad gateway' });
  });

  it('activity cancellation is re-thrown as is, not turned into a retry', async () => {
    const controller = new AbortController();
    const cancelled = new Error('cancelled');
    controller.abort(cancelled);
    fetchMock.mockRejectedValue(cancelled);
    await expect(callAgency({ ...call, signal: controller.signal })).rejects.toBe(cancelled);
  });
});
