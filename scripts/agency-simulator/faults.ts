// Switchable faults, so tests can show the engine survives an unreliable outside world.
// A fault matches requests by method and path prefix (and, optionally, the Idempotency-Key's
// prefix, so a test sharing the simulator touches only its own case's requests) and affects the
// next `times` of them (or all). With afterProcessing the request takes effect first and only the
// response is lost or broken: the case Idempotency-Keys exist for.
//
// Modes:
//  - error: answer `status` (default 503) without processing; nothing is remembered.
//  - refuse: a business refusal, e.g. finance declining a transfer (default 422; any 4xx but 400,
//    408, 429): answered without processing AND remembered under the request's Idempotency-Key,
//    as a real system keeps its answer to a key, so the same key gets the same refusal again and
//    only a new key can succeed.
//  - slow: wait `delayMs`, then answer normally; timeout: hold the request (until the client gives
//    up, or `delayMs`, then drop it); reset: destroy the socket.
// error and slow/timeout/reset faults without a key prefix are applied by the server's fault
// middleware; refuse faults and faults with a key prefix by requestFaults (controlRoutes.ts).
import type { Request, Response } from 'express';
import { z } from 'zod';

const NOT_A_REFUSAL = new Set([400, 408, 429]); // bad input (not remembered) and "try later" (retryable)

export const FaultSpecSchema = z
  .object({
    match: z.object({
      method: z
        .string()
        .regex(/^[A-Za-z]+$/)
        .transform((m) => m.toUpperCase())
        .optional(),
      pathPrefix: z.string().startsWith('/'),
      /** Only requests whose Idempotency-Key starts with this (modes error and refuse). */
      idempotencyKeyPrefix: z.string().min(1).max(255).optional(),
    }),
    mode: z.enum(['error', 'refuse', 'slow', 'timeout', 'reset']),
    /** Default 503 (error), 422 (refuse). */
    status: z.number().int().min(400).max(599).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    times: z.number().int().positive().optional(),
    afterProcessing: z.boolean().default(false),
  })
  .refine((f) => f.mode !== 'refuse' || f.status === undefined || (f.status < 500 && !NOT_A_REFUSAL.has(f.status)), {
    message: 'a refusal answers a 4xx other than 400, 408 and 429',
    path: ['status'],
  })
  .refine((f) => f.mode !== 'refuse' || !f.afterProcessing, { message: 'a refusal is never processed', path: ['afterProcessing'] })
  .refine((f) => f.match.idempotencyKeyPrefix === undefined || ((f.mode === 'error' || f.mode === 'refuse') && !f.afterProcessing), {
    message: 'idempotencyKeyPrefix works with modes error and refuse, before processing',
    path: ['match', 'idempotencyKeyPrefix'],
  })
  .transform((f) => ({ ...f, status: f.status ?? (f.mode === 'refuse' ? 422 : 503) }));
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

export interface Fault extends FaultSpec {
  faultId: string;
  /** Matching requests still to affect; null = unlimited. */
  remaining: number | null;
}

const DEFAULT_SLOW_MS = 1_000;
/** Longer than any sane client timeout; the client normally disconnects first. */
const DEFAULT_HOLD_MS = 60_000;

export class FaultRegistry {
  private faults: Fault[] = [];
  private seq = 0;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, faultId: `fault-${++this.seq}`, remaining: spec.times ?? null };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults;
  }

  remove(faultId: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.faultId !== faultId);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The first fault still active for this request, counting it as used: faults the server's
   * middleware applies (it sees method and path only; see requestFaults for the others).
   */
  take(method: string, path: string): Fault | undefined {
    return this.use(this.faults.find((f) => !byRequest(f) && this.matches(f, method, path)));
  }

  /** The first refusal or key-matched fault still active for this request, counting it as used. */
  takeForRequest(method: string, path: string, idempotencyKey: string | null): Fault | undefined {
    const prefix = (f: Fault) => f.match.idempotencyKeyPrefix;
    return this.use(
      this.faults.find(
        (f) => byRequest(f) && this.matches(f, method, path) && (prefix(f) === undefined || !!idempotencyKey?.startsWith(prefix(f)!)),
      ),
    );
  }

  private matches(f: Fault, method: string, path: string): boolean {
    return f.remaining !== 0 && (f.match.method === undefined || f.match.method === method) && path.startsWith(f.match.pathPrefix);
  }

  private use(fault: Fault | undefined): Fault | undefined {
    if (fault && fault.remaining !== null) fault.remaining -= 1;
    return fault;
  }
}

/** Faults that need more of the request than method and path, or that are remembered under its key. */
function byRequest(f: Fault): boolean {
  return f.mode === 'refuse' || f.match.idempotencyKeyPrefix !== undefined;
}

/** Timers the server must cancel on close, so a held request never keeps a test alive. */
export type TimerSet = Set<NodeJS.Timeout>;

/**
 * Applies a fault to a request. `proceed` is called only for 'slow', after the delay (it
 * answers normally then). Everything else ends the exchange here.
 */
export function applyFault(fault: Fault, req: Request, res: Response, proceed: () => void, timers: TimerSet): void {
  switch (fault.mode) {
    case 'refuse': // normally answered by requestFaults, which also remembers it; here, like error
    case 'error':
      res.status(fault.status).json({
        error: {
          code: 'SIMULATED_FAULT',
          category: 'UPSTREAM',
          message: { zh: '模拟故障：经办机构系统暂不可用', en: 'Simulated fault: agency system unavailable' },
          details: { faultId: fault.faultId },
        },
      });
      return;
    case 'slow':
      // The client may give up meanwhile; the request still takes effect, like a real server.
      later(timers, fault.delayMs ?? DEFAULT_SLOW_MS, proceed);
      return;
    case 'timeout': {
      const timer = later(timers, fault.delayMs ?? DEFAULT_HOLD_MS, () => req.socket.destroy());
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    case 'reset':
      req.socket.destroy();
      return;
  }
}

function later(timers: TimerSet, ms: number, run: () => void): NodeJS.Timeout {
  const timer = setTimeout(() => {
    timers.delete(timer);
    run();
  }, ms);
  timers.add(timer);
  return timer;
}

/** The answer of a 'refuse' fault: a business refusal in the engine's error shape (E-1). */
export function refusalBody(fault: Fault) {
  return {
    error: {
      code: 'SIMULATED_REFUSAL',
      category: 'POLICY',
      message: { zh: '模拟拒绝：对方系统拒绝受理该请求', en: 'Simulated refusal: the receiving system declined the request' },
      details: { faultId: fault.faultId },
    },
  };
}
