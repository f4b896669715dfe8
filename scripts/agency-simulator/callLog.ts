// Record of every request the simulated systems received, so tests can prove what the
// engine actually sent (keys, bodies, how often) and what happened to each request.
import type { Fault } from './faults';

/**
 * applied:       the request took effect (a fresh write, or a read answered)
 * replayed:      a repeated Idempotency-Key; the stored first answer was returned
 * conflict:      a repeated key with a different request (409)
 * rejected:      refused before taking effect (missing key, invalid body, business rule)
 * not-processed: a fault stopped it before it took effect
 * pending:       still being handled (slow or held by a fault)
 */
export type CallOutcome = 'applied' | 'replayed' | 'conflict' | 'rejected' | 'not-processed' | 'pending';

export interface CallRecord {
  seq: number;
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: unknown;
  at: string;
  outcome: CallOutcome;
  /** HTTP status actually delivered; null when no response reached the client (reset, timeout, client gone). */
  status: number | null;
  fault: { faultId: string; mode: Fault['mode']; afterProcessing: boolean } | null;
}

export class CallLog {
  private calls: CallRecord[] = [];
  private seq = 0;

  start(method: string, path: string, idempotencyKey: string | null): CallRecord {
    const record: CallRecord = {
      seq: ++this.seq,
      method,
      path,
      idempotencyKey,
      body: null,
      at: new Date().toISOString(),
      outcome: 'pending',
      status: null,
      fault: null,
    };
    this.calls.push(record);
    return record;
  }

  list(filter: { pathPrefix?: string; method?: string }): CallRecord[] {
    return this.calls.filter(
      (c) =>
        (filter.pathPrefix === undefined || c.path.startsWith(filter.pathPrefix)) &&
        (filter.method === undefined || c.method === filter.method.toUpperCase()),
    );
  }

  clear(): void {
    this.calls = [];
  }
}
