// The request pipeline every simulated endpoint shares. Handlers are synchronous on
// purpose: looking up the Idempotency-Key, applying the change and storing the answer
// then happen in one turn of the event loop, so two concurrent retries of the same
// request can never both apply it.
import type { Request, RequestHandler, Response } from 'express';
import { type z } from 'zod';
import type { CallOutcome, CallRecord } from './callLog';
import { applyFault, type Fault, type TimerSet } from './faults';
import { fingerprint, type IdempotencyStore } from './idempotency';

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (req: Request) => Reply;

/** Thrown by `valid` for bad input; becomes 400 and is NOT remembered under the key. */
class InvalidInput extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super('invalid input');
  }
}

export function valid<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidInput(result.error.issues);
  return result.data;
}

/** Same error shape as the engine's own API (API.md, E-1). */
export function errorReply(status: number, code: string, category: string, en: string, zh: string, details: unknown = {}): Reply {
  return { status, body: { error: { code, category, message: { zh, en }, details } } };
}

// res.locals slots set by the server's middleware.
export function callOf(res: Response): CallRecord | undefined {
  return res.locals.call as CallRecord | undefined;
}
export function setCall(res: Response, call: CallRecord): void {
  res.locals.call = call;
}
export function setAfterFault(res: Response, fault: Fault): void {
  res.locals.afterFault = fault;
}

export function routeKit(idempotency: IdempotencyStore, timers: TimerSet) {
  /** Sends a reply, unless an afterProcessing fault takes the response away. */
  function deliver(req: Request, res: Response, reply: Reply, outcome: CallOutcome, replayed = false): void {
    const call = callOf(res);
    if (call) call.outcome = outcome;
    const send = () => {
      if (replayed) res.set('Idempotent-Replay', 'true');
      res.status(reply.status).json(reply.body);
    };
    const fault = res.locals.afterFault as Fault | undefined;
    if (fault) applyFault(fault, req, res, send, timers);
    else send();
  }

  function run(handler: Handler, req: Request): Reply {
    try {
      return handler(req);
    } catch (error) {
      if (error instanceof InvalidInput) {
        return errorReply(400, 'VALIDATION', 'VALIDATION', 'Invalid request', '请求无效', { issues: error.issues });
      }
      throw error;
    }
  }

  const readRoute =
    (handler: Handler): RequestHandler =>
    (req, res) => {
      const reply = run(handler, req);
      deliver(req, res, reply, reply.status < 400 ? 'applied' : 'rejected');
    };

  /** `scope` names the system the key belongs to (see idempotency.ts). */
  const writeRoute =
    (scope: (req: Request) => string, handler: Handler): RequestHandler =>
    (req, res) => {
      const key = req.get('Idempotency-Key');
      if (!key) {
        const reply = errorReply(
          400,
          'IDEMPOTENCY_KEY_REQUIRED',
          'VALIDATION',
          'Every write needs an Idempotency-Key header',
          '每个写请求都必须带 Idempotency-Key 请求头',
        );
        return deliver(req, res, reply, 'rejected');
      }
      const print = fingerprint(req.method, req.baseUrl + req.path, req.body);
      const prior = idempotency.lookup(scope(req), key, print);
      if (prior.found && prior.sameRequest) return deliver(req, res, prior.reply, 'replayed', true);
      if (prior.found) {
        const reply = errorReply(
          409,
          'IDEMPOTENCY_KEY_REUSED',
          'CONFLICT',
          'This Idempotency-Key was already used for a different request',
          '该 Idempotency-Key 已用于另一个不同的请求',
          { idempotencyKey: key },
        );
        return deliver(req, res, reply, 'conflict');
      }
      const reply = run(handler, req);
      // Bad input changed nothing, so the caller may fix it and reuse the key; every other
      // answer (success or business refusal) is final for this key.
      if (reply.status !== 400) idempotency.remember(scope(req), key, print, reply);
      deliver(req, res, reply, reply.status < 400 ? 'applied' : 'rejected');
    };

  return { readRoute, writeRoute };
}

export type RouteKit = ReturnType<typeof routeKit>;
