// The client side of the topology run, behaving as a hospital's or agency's system should: every
// write carries an Idempotency-Key; a request that cannot reach its API (connection refused or
// cut) goes to the other API with the same key; an answer that says "later" (503, 429, 409
// IDEMPOTENCY_IN_PROGRESS while a dead API's claim on the key runs out) is retried after a pause.
// Every attempt is recorded, so the run can show that no request was ever answered 500.

export interface Attempt {
  api: number;
  /** HTTP status, or undefined when the request never got an answer. */
  status?: number;
  /** Why there was no answer (connection refused, socket closed). */
  error?: string;
  code?: string;
}

export interface Outcome {
  label: string;
  status: number;
  body: any;
  attempts: Attempt[];
}

export interface Request {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  apiKey: string;
  idempotencyKey?: string;
  body?: unknown;
}

/** An answer worth waiting for: the same request will succeed once the system has caught up. */
function retryLater(status: number, body: any): boolean {
  if (status === 503 || status === 429 || status === 502 || status === 504) return true;
  return status === 409 && body?.error?.code === 'IDEMPOTENCY_IN_PROGRESS';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends `req` to `apis[first]`, failing over and retrying as the header says, until a final
 * answer or `deadlineMs` passes (then the last answer, or status 0 when nothing answered).
 */
export async function send(apis: readonly string[], first: number, req: Request, deadlineMs = 150_000): Promise<Outcome> {
  const attempts: Attempt[] = [];
  const until = Date.now() + deadlineMs;
  let api = first;
  let last: { status: number; body: any } = { status: 0, body: undefined };
  while (Date.now() < until) {
    const headers: Record<string, string> = { authorization: `Bearer ${req.apiKey}` };
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await fetch(`${apis[api]}${req.path}`, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      attempts.push({ api, status: res.status, code: body?.error?.code });
      last = { status: res.status, body };
      if (!retryLater(res.status, body)) return { label: req.label, ...last, attempts };
      await sleep(1000);
    } catch (err) {
      // No answer: the API is gone (or went while answering). Same key, the other API.
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      attempts.push({ api, error: cause?.code ?? cause?.message ?? (err as Error).message });
      api = (api + 1) % apis.length;
      await sleep(100);
    }
  }
  return { label: req.label, ...last, attempts };
}
