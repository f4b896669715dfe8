// One declaration per endpoint feeds both express and the OpenAPI document, so the served
// contract is generated from the very zod schemas that validate requests (API.md).
import type { Request, Response, Router, NextFunction } from 'express';
import { z, type ZodType } from 'zod';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { DomainError } from '../../domain/errors';
import type { AgencyRole } from '../../models/apiKey';
import type { Principal } from './apiKeys';
import { validationError, zodFieldProblems, type FieldProblem } from './problem';
import { requestHash } from './idempotency';
import type { AppContext } from '../context';
import { errorResponseSchema } from './errorSchema';

export type Access = 'public' | readonly AgencyRole[];

export interface HandlerInput<B, Q, P, Who = Principal> {
  body: B;
  query: Q;
  params: P;
  /** The authenticated caller; public routes have none. */
  principal: Who;
  ctx: AppContext;
  req: Request;
  /** The caller's Idempotency-Key, when sent; handlers may derive workflow ids from it. */
  idempotencyKey?: string;
  /** Hash of the request body, given with a key to routes that keep their own idempotency. */
  requestHash?: string;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON (a CSV export); set its Content-Type in `headers`. */
  raw?: string;
}

/** Who a handler sees: nobody on a public route, the authenticated principal otherwise. */
export type CallerOf<A extends Access> = A extends 'public' ? null : Principal;

export interface RouteSpec<B extends ZodType, Q extends ZodType, P extends ZodType, A extends Access = Access> {
  method: 'get' | 'post';
  path: string;
  summary: string;
  tags: string[];
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  responses: Record<number, { description: string; schema?: ZodType }>;
  /**
   * Where a created resource (201) can be read: sent as `Location` and declared in the document.
   * Given the answer's body.
   */
  location?: (body: any) => string;
  /**
   * Starts or updates a case, so it needs a worker polling the task queue: refused with 503
   * WORKER_UNAVAILABLE while none polls (api/http/upstream.ts), before anything is written.
   */
  needsWorker?: boolean;
  /**
   * Who makes a keyed write idempotent. 'stored' (default): the Idempotency-Key store records
   * the first response (two more writes per request). 'handler': the route's own case id is
   * derived from the key and its own writes are unique by it, so the route answers retries
   * itself (same key: first result with Idempotent-Replay; other body: IDEMPOTENCY_KEY_REUSED).
   */
  idempotency?: 'stored' | 'handler';
  /**
   * A body read by the handler as it arrives (`req` is the stream), never buffered whole: one
   * record per line of `contentType` (NDJSON), each validated by the handler with `itemSchema`,
   * which the OpenAPI document shows as that content. Such a route keeps its own idempotency.
   */
  stream?: { contentType: string; itemSchema: ZodType; description: string; wrongMediaType: string };
  /**
   * Money writes (S-5): a retry of a request without a key could not be told from a new bill,
   * so one without is refused (IDEMPOTENCY_KEY_REQUIRED) before anything runs.
   */
  requireIdempotencyKey?: boolean;
  handler: (input: HandlerInput<z.output<B>, z.output<Q>, z.output<P>, CallerOf<A>>) => Promise<HandlerResult>;
}

export function defineRoute<
  B extends ZodType = ZodType,
  Q extends ZodType = ZodType,
  P extends ZodType = ZodType,
  const A extends Access = Access,
>(spec: RouteSpec<B, Q, P, A>): RouteSpec<B, Q, P, A> {
  return spec;
}

function parsePart(schema: ZodType | undefined, value: unknown, location: string, problems: FieldProblem[]): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  problems.push(...zodFieldProblems(result.error, location));
  return undefined;
}

/** A body the route can do without (every field optional) need not be sent at all. */
function bodyRequired(schema: ZodType): boolean {
  try {
    return !schema.safeParse({}).success;
  } catch {
    return true; // a first-pass rule refused the empty body outright (settlement bills)
  }
}

const error = (description: string) => ({ description, schema: errorResponseSchema });

/**
 * The answers every route of a kind can give, whatever its own declaration lists, so the document
 * declares each status code the server can send (status_code_conformance).
 */
function standardResponses(spec: RouteSpec<any, any, any, any>): RouteSpec<any, any, any, any>['responses'] {
  const isWrite = spec.method === 'post';
  const hasInput = Boolean(spec.body || spec.query || spec.params) || isWrite;
  const responses: RouteSpec<any, any, any, any>['responses'] = {};
  if (hasInput) {
    responses[400] = error('VALIDATION: input the document refuses (VALIDATION_FAILED with details.fields, MALFORMED_JSON)');
    responses[422] = error('POLICY: refused by a rule of the rulebook (the code names it)');
  }
  if (spec.access !== 'public') {
    responses[401] = error('AUTH: missing, unknown or disabled API key');
    responses[403] = error('AUTH: role, region or institution not allowed');
    responses[404] = error('NOT_FOUND: no such resource, or not one you may see');
  }
  if (isWrite) {
    responses[409] = error('CONFLICT: Idempotency-Key reused with another body, or its first request still in progress');
    if (spec.body) {
      responses[413] = error('VALIDATION: PAYLOAD_TOO_LARGE (1 MB at most)');
      responses[415] = error('VALIDATION: UNSUPPORTED_MEDIA_TYPE (send application/json)');
    }
  }
  responses[429] = {
    ...error('RATE_LIMITED: too many requests from this key or address; wait Retry-After seconds'),
  };
  responses[502] = error('UPSTREAM: a system this service depends on answered badly (UPSTREAM_FAILED)');
  responses[503] = error(
    'UPSTREAM: TEMPORAL_UNAVAILABLE, DATABASE_UNAVAILABLE, WORKER_UNAVAILABLE (retry later with the same Idempotency-Key)',
  );
  return responses;
}

const retryAfterHeader = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' as const } } };
const locationHeader = { Location: { description: 'Where the created resource can be read', schema: { type: 'string' as const } } };

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
const userIdHeader = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/**
 * The paths without parameters of each router (filled by mountMethodNotAllowed, before any
 * request): `/api/v1/settlements/quote` also matches `GET /api/v1/settlements/:id`, and that GET
 * must not answer it, so the request falls through to the 405 of the path it names.
 */
const staticPathsOf = new WeakMap<Router, Set<string>>();
const hasParams = (path: string) => path.includes(':');

export function mountRoute(router: Router, registry: OpenAPIRegistry, spec: RouteSpec<any, any, any, any>): void {
  const isWrite = spec.method === 'post';
  registry.registerPath({
    method: spec.method,
    path: openApiPath(spec.path),
    summary: spec.summary,
    tags: spec.tags,
    security: spec.access === 'public' ? [] : [{ bearerAuth: [] }],
    request: {
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.body ? { body: { required: bodyRequired(spec.body), content: { 'application/json': { schema: spec.body } } } } : {}),
      ...(spec.stream
        ? {
            body: {
              description: spec.stream.description,
              required: true,
              content: { [spec.stream.contentType]: { schema: spec.stream.itemSchema } },
            },
          }
        : {}),
      ...(isWrite
        ? {
            headers: z.object({
              'Idempotency-Key': spec.requireIdempotencyKey ? idempotencyKeyHeader : idempotencyKeyHeader.optional(),
              'X-User-Id': userIdHeader.optional().meta({ description: 'E-2: the person acting, recorded in the audit trail' }),
            }),
          }
        : {}),
    },
    responses: Object.fromEntries(
      Object.entries({ ...standardResponses(spec), ...spec.responses }).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema ? { content: { [contentTypeOf(spec, Number(status))]: { schema: r.schema } } } : {}),
          ...(status === '429' ? { headers: retryAfterHeader } : {}),
          ...(status === '201' && spec.location ? { headers: locationHeader } : {}),
        },
      ]),
    ),
  });

  const handle = async (req: Request, res: Response, next: NextFunction) => {
    if (hasParams(spec.path) && staticPathsOf.get(router)?.has(req.path.replace(/\/+$/, ''))) return next('route');
    try {
      const ctx = req.app.locals.ctx as AppContext;
      const authenticated = spec.access === 'public' ? null : await ctx.authenticate(req);
      if (authenticated) {
        res.locals.authenticated = true;
        await ctx.limits.consumeKey(authenticated.keyId ?? authenticated.agencyId);
      }
      // E-2: the person acting, when the calling system names one; every write is audited with it.
      const userId = req.header('X-User-Id');
      if (userId !== undefined && !userIdHeader.safeParse(userId).success) {
        throw validationError([{ path: 'headers.X-User-Id', problem: '1-64 printable characters naming the person acting' }]);
      }
      const principal = authenticated && userId ? { ...authenticated, userId } : authenticated;
      res.locals.agencyId = principal?.agencyId;
      if (principal && spec.access !== 'public' && !spec.access.includes(principal.role)) {
        throw new DomainError('AUTH_FORBIDDEN_ROLE', { required: spec.access, role: principal.role });
      }
      const problems: FieldProblem[] = [];
      const params = parsePart(spec.params, req.params, 'params', problems);
      const query = parsePart(spec.query, req.query, 'query', problems);
      if (isWrite && spec.body && !req.is('application/json') && req.headers['content-length'] !== '0' && req.body === undefined) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', {});
      }
      if (spec.stream && !req.is(spec.stream.contentType)) throw new DomainError(spec.stream.wrongMediaType, {});
      const body = parsePart(spec.body, req.body, 'body', problems);
      const rawKey = req.header('Idempotency-Key');
      if (rawKey !== undefined && !idempotencyKeyHeader.safeParse(rawKey).success) {
        problems.push({ path: 'headers.Idempotency-Key', problem: '1-200 printable ASCII characters without spaces' });
      }
      if (problems.length) throw validationError(problems);
      if (spec.requireIdempotencyKey && rawKey === undefined)
        throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', { header: 'Idempotency-Key' });
      if (spec.needsWorker) await ctx.upstream.requireWorker();

      const ownIdempotency = spec.idempotency === 'handler';
      const input = {
        body,
        query,
        params,
        principal,
        ctx,
        req,
        idempotencyKey: isWrite ? rawKey : undefined,
        requestHash: isWrite && rawKey && ownIdempotency ? requestHash(req.body) : undefined,
      };
      // Every Temporal call of the request under one deadline (none in simulation mode: api/http/upstream.ts).
      const run = () => ctx.upstream.withDeadline(() => spec.handler(input));
      const result =
        isWrite && rawKey && !ownIdempotency
          ? await ctx.idempotent(`${principal?.agencyId ?? 'anonymous'} ${spec.method} ${req.path}`, rawKey, requestHash(req.body), run)
          : await run();
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.status === 201 && spec.location && !res.getHeader('Location')) res.setHeader('Location', spec.location(result.body));
      if (result.raw !== undefined) res.status(result.status).send(result.raw);
      else res.status(result.status).json(result.body);
    } catch (err) {
      next(err);
    }
  };
  router[spec.method](spec.path, handle);
}

/** The OpenAPI media type of a declared answer: the CSV export is text, everything else JSON. */
function contentTypeOf(spec: RouteSpec<any, any, any, any>, status: number): string {
  return status === 200 && spec.path.endsWith('.csv') ? 'text/csv' : 'application/json';
}

/**
 * A known path asked with a method it does not take answers 405 METHOD_NOT_ALLOWED with `Allow`
 * (OPTIONS: 204 with `Allow`); mounted after every route, so only unmatched methods reach it.
 */
export function mountMethodNotAllowed(router: Router, specs: RouteSpec<any, any, any, any>[]): void {
  const methods = new Map<string, Set<string>>();
  staticPathsOf.set(router, new Set(specs.map((spec) => spec.path).filter((path) => !hasParams(path))));
  for (const spec of specs) {
    const set = methods.get(spec.path) ?? new Set<string>();
    set.add(spec.method.toUpperCase());
    if (spec.method === 'get') set.add('HEAD');
    methods.set(spec.path, set);
  }
  for (const [path, set] of methods) {
    const allow = [...set, 'OPTIONS'].join(', ');
    router.all(path, (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('Allow', allow);
      if (req.method === 'OPTIONS') return void res.status(204).end();
      next(new DomainError('METHOD_NOT_ALLOWED', { method: req.method, allow: [...set] }));
    });
  }
}

export { errorResponseSchema };
