// Rate limits (issue 14 item 5): per API key, and per client address for requests without a
// valid key (anonymous callers, unknown routes, wrong keys), each answering 429 RATE_LIMITED with
// Retry-After. Counted in this process only (rate-limiter-flexible's memory store): with N API
// processes behind a balancer a key gets up to N times its limit, which is the point of a limit
// that protects each process; a shared store would put a database write on every request.
// Defaults: a hospital counter at 1,000 settlements a second from one key stays well inside the
// per-key limit, while a flood of anonymous requests from one address is cut at 100 a second.
import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../domain/errors';

export interface RateLimitOptions {
  /** Requests per second per API key. */
  perKey: number;
  /** Requests per second per client address without a valid key. */
  perAddress: number;
}

/** A refusal carrying how long to wait; rendered as 429 RATE_LIMITED with Retry-After. */
export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', { retryAfterSeconds });
  }
}

function refusal(res: unknown): RateLimited {
  const ms = res instanceof RateLimiterRes ? res.msBeforeNext : 1000;
  return new RateLimited(Math.max(1, Math.ceil(ms / 1000)));
}

export class RateLimits {
  private readonly byKey: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(private readonly options: RateLimitOptions) {
    this.byKey = new RateLimiterMemory({ keyPrefix: 'key', points: options.perKey, duration: 1 });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'address', points: options.perAddress, duration: 1 });
  }

  /** Counts one request of an authenticated key; throws RateLimited past the limit. */
  async consumeKey(keyId: string): Promise<void> {
    try {
      await this.byKey.consume(keyId);
    } catch (res) {
      if (res instanceof Error) throw res;
      throw refusal(res);
    }
  }

  /**
   * Throws RateLimited while the address has used up its anonymous allowance (checked first on
   * every request). Anonymous answers are counted once sent, so an address that has had
   * perAddress of them this second is refused from the next one on.
   */
  async checkAddress(address: string): Promise<void> {
    const res = await this.byAddress.get(address);
    if (res && res.consumedPoints >= this.options.perAddress) throw refusal(res);
  }

  /** Counts one request that came without a valid key from this address. */
  async countAnonymous(address: string): Promise<void> {
    await this.byAddress.consume(address).catch((res: unknown) => {
      if (res instanceof Error) throw res;
      // Over the allowance: counted; the next request from the address is refused by checkAddress.
    });
  }
}

/** Probes of the platform (liveness, readiness) are never limited: a balancer polls them. */
const UNLIMITED = new Set(['/healthz', '/readyz']);

/**
 * Express middleware, first in line: refuses an address over its anonymous allowance before any
 * work, and counts each answer that was not given to a valid key (route.ts sets
 * res.locals.authenticated once the key checked out).
 */
export function addressLimit(limits: RateLimits) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (UNLIMITED.has(req.path)) return next();
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    res.on('finish', () => {
      if (!res.locals.authenticated) void limits.countAnonymous(address).catch(() => undefined);
    });
    limits.checkAddress(address).then(() => next(), next);
  };
}
