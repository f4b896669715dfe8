// The API's express app on a stubbed context, for fast tests of what happens before a request
// reaches the database or Temporal: authentication, roles, validation, the contract document and
// E-1 error rendering. Keys resolve from a fixed table; the Temporal client and the database are
// stubs a test fills in with what it needs (anything else throws, so a leak to them is visible).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type mongoose from 'mongoose';
import { loadConfig } from '../../config';
import { systemClock } from '../../clock';
import { createApp } from '../../api/app';
import type { AppContext } from '../../api/context';
import type { Principal } from '../../api/http/apiKeys';
import type { Logger } from '../../api/http/logger';
import { allRoutes } from '../../api/routes';
import { DomainError } from '../../domain/errors';
import { loadTestPolicies } from './policies';
import type { Upstream } from '../../api/http/upstream';
import { RateLimits, type RateLimitOptions } from '../../api/http/rateLimit';
import type { RouteSpec } from '../../api/http/route';
import { RejectionTally } from '../../models/errorTally';

export const STUB_KEYS: Record<string, Principal> = {
  'clerk-440800': { agencyId: 'INSURED_CLERK:440800', role: 'INSURED_CLERK', region: '440800', hospitalId: null },
  'agency-110000': { agencyId: 'TREATMENT_AGENCY:110000', role: 'TREATMENT_AGENCY', region: '110000', hospitalId: null },
  'hospital-110000': { agencyId: 'HOSPITAL:H110000001', role: 'HOSPITAL', region: '110000', hospitalId: 'H110000001' },
  admin: { agencyId: 'ADMIN', role: 'ADMIN', region: null, hospitalId: null },
};

/** Anything a test did not stub answers by throwing, naming what was touched. */
function untouchable<T extends object>(what: string, stub: Partial<T> = {}): T {
  return new Proxy(stub as T, {
    get(target, prop) {
      if (prop in target) return (target as Record<string | symbol, unknown>)[prop];
      if (prop === 'then') return undefined;
      throw new Error(`the test touched ${what}.${String(prop)}, which it did not stub`);
    },
  });
}

export interface StubApp {
  url: string;
  logs: Array<{ level: string; msg: string; fields?: Record<string, unknown> }>;
  request(
    method: string,
    path: string,
    opts?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export interface Stubs {
  temporal?: Partial<Client>;
  db?: Partial<mongoose.Connection>;
  simulation?: boolean;
  /** Configuration variables over the defaults (METRICS_TOKEN, CODEC_CORS_ORIGINS, ...). */
  env?: NodeJS.ProcessEnv;
  /** Rate limits; default so high no test meets them. */
  limits?: RateLimitOptions;
  /** Builds the upstream guard on the stubbed client; default: every call runs and a worker always polls. */
  upstream?: (temporal: Client) => Upstream;
  /** Routes served after the engine's, for a test of a route option no engine route declares yet. */
  extraRoutes?: RouteSpec<any, any, any, any>[];
}

export async function startStubApp(stubs: Stubs = {}): Promise<StubApp> {
  const logs: StubApp['logs'] = [];
  const logger: Logger = Object.fromEntries(
    (['debug', 'info', 'warn', 'error'] as const).map((level) => [
      level,
      (msg: string, fields?: Record<string, unknown>) => logs.push({ level, msg, fields }),
    ]),
  ) as unknown as Logger;
  const temporal = untouchable<Client>('temporal', stubs.temporal);
  const ctx: AppContext = {
    config: loadConfig(stubs.env ?? {}),
    db: untouchable<mongoose.Connection>('db', stubs.db),
    temporal,
    policies: loadTestPolicies(),
    clock: systemClock,
    logger,
    // Temporal calls run as they are; the stubbed client has no task queue to ask about workers.
    upstream:
      stubs.upstream?.(temporal) ??
      ({
        withDeadline: (fn: () => Promise<unknown>) => fn(),
        requireWorker: async () => {},
        workerPolling: async () => true,
      } as unknown as Upstream),
    limits: new RateLimits(stubs.limits ?? { perKey: 1_000_000, perAddress: 1_000_000 }),
    rejections: new RejectionTally(untouchable<mongoose.Connection>('db', stubs.db), { ttlDays: 1 }),
    async authenticate(req) {
      const header = req.header('Authorization');
      if (!header) throw new DomainError('AUTH_MISSING');
      const principal = STUB_KEYS[header.replace(/^Bearer\s+/i, '')];
      if (!principal) throw new DomainError('AUTH_INVALID');
      return principal;
    },
    idempotent: (_scope, _key, _hash, run) => run(),
  };
  const app = createApp(ctx, [...allRoutes({ simulation: stubs.simulation ?? false }), ...(stubs.extraRoutes ?? [])]);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    logs,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined = opts.raw;
      if (opts.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(opts.body);
      }
      const res = await fetch(url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
