// Switchable faults, so tests can show the engine survives an unreliable outside world.
// A fault matches requests by method and path prefix and affects the next `times` of them
// (or all). With afterProcessing the request takes effect first and only the response is
// lost or broken: the case Idempotency-Keys exist for.
import type { Request, Response } from 'express';
import { z } from 'zod';

export const FaultSpecSchema = z.object({
  match: z.object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    pathPrefix: z.string().startsWith('/'),
  }),
  /** error: answer `status`; slow: wait `delayMs` then answer normally; timeout: hold the
   *  request (until the client gives up, or `delayMs`, then drop it); reset: destroy the socket. */
  mode: z.enum(['error', 'slow', 'timeout', 'reset']),
  status: z.number().int().min(400).max(599).default(503),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().positive().optional(),
  afterProcessing: z.boolean().default(false),
});
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

  /** The first fault still active for this request, counting it as used. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining !== 0 && (f.match.method === undefined || f.match.method === method) && path.startsWith(f.match.pathPrefix),
    );
    if (fault && fault.remaining !== null) fault.remaining -= 1;
    return fault;
  }
}

/** Timers the server must cancel on close, so a held request never keeps a test alive. */
export type TimerSet = Set<NodeJS.Timeout>;

/**
 * Applies a fault to a request. `proceed` is called only for 'slow', after the delay (it
 * answers normally then). Everything else ends the exchange here.
 */
export function applyFault(fault: Fault, req: Request, res: Response, proceed: () => void, timers: TimerSet): void {
  switch (fault.mode) {
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
