// Everything a request handler may use, built once at start-up (api/main.ts) and shared.
import type { Request } from 'express';
import type mongoose from 'mongoose';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import { DomainError } from '../domain/errors';
import { ApiKeyResolver, type Principal } from './http/apiKeys';
import { IdempotencyStore } from './http/idempotency';
import { renderError } from './http/problem';
import type { HandlerResult } from './http/route';
import type { Logger } from './http/logger';
import type { PolicyRegistry } from '../policies/registry';
import type { Clock } from '../clock';
import { RejectionTally } from '../models/errorTally';
import { RateLimits } from './http/rateLimit';
import { Upstream } from './http/upstream';

export interface AppContext {
  config: Config;
  db: mongoose.Connection;
  temporal: Client;
  policies: PolicyRegistry;
  clock: Clock;
  logger: Logger;
  /** Deadlines of Temporal calls and the worker check (api/http/upstream.ts). */
  upstream: Upstream;
  /** Per-key and per-address rate limits (api/http/rateLimit.ts). */
  limits: RateLimits;
  /** M-2 rejection counts of this process (models/errorTally.ts). */
  rejections: RejectionTally;
  authenticate(req: Request): Promise<Principal>;
  idempotent(scope: string, key: string, hash: string, run: () => Promise<HandlerResult>): Promise<HandlerResult>;
  /** Deletes Idempotency-Key records past their window (api/main.ts, hourly). */
  purgeExpiredIdempotencyKeys?(): Promise<number>;
}

/** What the process builds at start-up; the context adds authentication and idempotency on top. */
export type ContextParts = Pick<AppContext, 'config' | 'db' | 'temporal' | 'policies' | 'clock' | 'logger'>;

export function createContext(parts: ContextParts): AppContext {
  const { config } = parts;
  const keys = new ApiKeyResolver(parts.db, config.API_KEY_CACHE_TTL_MS);
  const store = new IdempotencyStore(parts.db, config.IDEMPOTENCY_TTL_HOURS * 3_600_000);

  return {
    ...parts,
    upstream: new Upstream(parts.temporal, {
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      callTimeoutMs: config.TEMPORAL_CALL_TIMEOUT_MS,
      simulation: config.SIMULATION_MODE,
    }),
    limits: new RateLimits({ perKey: config.RATE_LIMIT_PER_KEY, perAddress: config.RATE_LIMIT_PER_ADDRESS }),
    rejections: new RejectionTally(parts.db, {
      ttlDays: config.ERROR_TALLY_TTL_DAYS,
      onError: (err) => parts.logger.warn('error tally failed', { error: String(err) }),
    }),
    purgeExpiredIdempotencyKeys: () => store.purgeExpired(),
    async authenticate(req) {
      const header = req.header('Authorization');
      if (!header) throw new DomainError('AUTH_MISSING');
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match) throw new DomainError('AUTH_MISSING', { hint: 'Authorization: Bearer <key>' });
      const principal = await keys.resolve(match[1]);
      if (!principal) throw new DomainError('AUTH_INVALID');
      return principal;
    },
    async idempotent(scope, key, hash, run) {
      const claim = await store.claim(scope, key, hash);
      if (claim.kind === 'replay') {
        return { ...claim.response, headers: { 'Idempotent-Replay': 'true' } };
      }
      try {
        const result = await run();
        await store.complete(scope, key, { status: result.status, body: result.body });
        return result;
      } catch (err) {
        const rendered = renderError(err);
        // A rejection of the request itself is as final as a success; a transient fault is not.
        if (rendered.status < 500) {
          await store.complete(scope, key, { status: rendered.status, body: rendered.body });
        } else {
          await store.release(scope, key);
        }
        throw err;
      }
    },
  };
}
