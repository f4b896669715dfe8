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
   * Who makes a keyed write idempotent. 'stored' (default): the Idempotency-Key store records
   * the first response (two more writes per request). 'handler': the route's own case id is
   * derived from the key and its own writes are unique by it, so the route answers retries
   * itself (same key: first result with Idempotent-Replay; other body: IDEMPOTENCY_KEY_REUSED).
   */
  idempotency?: 'stored' | 'handler';
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
      ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
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
      Object.entries(spec.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema ? { content: { 'application/json': { schema: r.schema } } } : {}),
        },
      ]),
    ),
  });

  const handle = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = req.app.locals.ctx as AppContext;
      const authenticated = spec.access === 'public' ? null : await ctx.authenticate(req);
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
      const body = parsePart(spec.body, req.body, 'body', problems);
      const rawKey = req.header('Idempotency-Key');
      if (rawKey !== undefined && !idempotencyKeyHeader.safeParse(rawKey).success) {
        problems.push({ path: 'headers.Idempotency-Key', problem: '1-200 printable ASCII characters without spaces' });
      }
      if (problems.length) throw validationError(problems);
      if (spec.requireIdempotencyKey && rawKey === undefined)
        throw new DomainError('IDEMPOTENCY_KEY_REQUIRED', { header: 'Idempotency-Key' });

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
      const result =
        isWrite && rawKey && !ownIdempotency
          ? await ctx.idempotent(`${principal?.agencyId ?? 'anonymous'} ${spec.method} ${req.path}`, rawKey, requestHash(req.body), () =>
              spec.handler(input),
            )
          : await spec.handler(input);
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      if (result.raw !== undefined) res.status(result.status).send(result.raw);
      else res.status(result.status).json(result.body);
    } catch (err) {
      next(err);
    }
  };
  router[spec.method](spec.path, handle);
}

export { errorResponseSchema };
