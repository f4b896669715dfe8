// HTTP transport for calls from Temporal activities to outside agency systems
// (treatment-region agencies, provincial agency, finance/accounts).
//
// Its one job is to turn every way a call can end into the right Temporal signal:
//   - success                      -> the parsed response
//   - network error, timeout,
//     408 / 429 / 5xx              -> retryable ApplicationFailure 'AGENCY_UNAVAILABLE'
//                                     (the activity retry policy tries again)
//   - any other 4xx (or stray 3xx) -> non-retryable ApplicationFailure 'AGENCY_REJECTED'
//                                     with {status, body} in details (retrying cannot help;
//                                     the workflow must decide what to do)
// Retrying is only safe because every write carries an Idempotency-Key: if a response is
// lost after the agency applied the request, the retry gets the first result back instead
// of applying it twice (RC-4: a transfer happens exactly once however often a step is retried).
import { ApplicationFailure } from '@temporalio/common';

export type AgencyMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface AgencyCall {
  baseUrl: string;
  method: AgencyMethod;
  /** Path below baseUrl, starting with '/'. Callers encode path parameters. */
  path: string;
  body?: unknown;
  /** Required for writes; built by the caller from workflow id + activity identity. */
  idempotencyKey?: string;
  timeoutMs: number;
  /** Activity cancellation signal; cancellation is re-thrown as is, never classified. */
  signal?: AbortSignal;
}

export interface AgencyResponse {
  status: number;
  body: unknown;
  /** True when the agency answered a repeated Idempotency-Key with its stored first result. */
  replayed: boolean;
}

/** How one call ended, before any judgement. */
export type AgencyOutcome = { status: number } | { error: unknown };

/**
 * OK: success. TIMEOUT / NETWORK / UNAVAILABLE (408, 429, 5xx): retryable, the same request
 * may succeed later. REJECTED (other 4xx, stray 3xx): the agency said no; retrying cannot help.
 */
export type AgencyVerdict = 'OK' | 'TIMEOUT' | 'NETWORK' | 'UNAVAILABLE' | 'REJECTED';

export function isRetryable(verdict: AgencyVerdict): boolean {
  return verdict === 'TIMEOUT' || verdict === 'NETWORK' || verdict === 'UNAVAILABLE';
}

/** Error types the workflows match on (ActivityFailure.cause.type). */
export const AGENCY_UNAVAILABLE = 'AGENCY_UNAVAILABLE';
export const AGENCY_REJECTED = 'AGENCY_REJECTED';

/** Statuses that mean "not now" rather than "no": the same request may succeed later. */
const RETRYABLE_4XX = new Set([408, 429]);

/** Pure classification, exported for the unit-test table. */
export function classifyAgencyResponse(outcome: AgencyOutcome): AgencyVerdict {
  if ('error' in outcome) return isTimeout(outcome.error) ? 'TIMEOUT' : 'NETWORK';
  const { status } = outcome;
  if (status >= 200 && status < 300) return 'OK';
  if (status >= 500 || RETRYABLE_4XX.has(status)) return 'UNAVAILABLE';
  return 'REJECTED';
}

/**
 * AbortSignal.timeout rejects fetch (or a body read) with a DOMException named TimeoutError.
 * Checked by name, not instanceof: DOMException may come from another realm (jest sandboxes).
 */
export function isTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

export async function callAgency(call: AgencyCall): Promise<AgencyResponse> {
  const url = call.baseUrl.replace(/\/+$/, '') + call.path;
  const what = `${call.method} ${call.path}`;
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;

  let status: number;
  let text: string;
  let replayed: boolean;
  try {
    const response = await fetch(url, {
      method: call.method,
      headers: headersFor(call),
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal,
    });
    status = response.status;
    replayed = response.headers.get('idempotent-replay') === 'true';
    // Reading the body is inside the try: a connection cut mid-body is a network error too.
    text = await response.text();
  } catch (error) {
    if (call.signal?.aborted) throw error; // activity cancelled: let Temporal see the cancellation
    const reason = classifyAgencyResponse({ error });
    const message = reason === 'TIMEOUT' ? `no answer within ${call.timeoutMs} ms` : `network error (${describe(error)})`;
    throw ApplicationFailure.retryable(`${what}: ${message}`, AGENCY_UNAVAILABLE, {
      method: call.method,
      path: call.path,
      reason,
    });
  }

  const body = parseBody(text);
  const verdict = classifyAgencyResponse({ status });
  if (verdict === 'OK') return { status, body, replayed };
  const details = { method: call.method, path: call.path, status, body };
  if (isRetryable(verdict)) {
    throw ApplicationFailure.retryable(`${what}: agency answered ${status}`, AGENCY_UNAVAILABLE, details);
  }
  throw ApplicationFailure.nonRetryable(`${what}: agency rejected the request with ${status}`, AGENCY_REJECTED, details);
}

function headersFor(call: AgencyCall): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (call.idempotencyKey !== undefined) headers['idempotency-key'] = call.idempotencyKey;
  return headers;
}

/** Agencies should answer JSON; keep raw text when they do not so the details still show it. */
function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** fetch wraps the socket error in TypeError('fetch failed') with the real reason in cause. */
function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
  if (typeof message !== 'string') return String(error);
  const reason = cause?.code ?? cause?.message;
  return reason === undefined ? message : `${message}: ${String(reason)}`;
}
