// Turns anything thrown while serving a request into the API.md error body. Bad input is
// always a 4xx with its catalogue code; only a genuine fault becomes a 500.
import { ZodError } from 'zod';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { DomainError, catalogue } from '../../domain/errors';

export interface FieldProblem {
  path: string;
  problem: string;
  code?: string;
}

export interface ErrorBody {
  error: {
    code: string;
    category: string;
    message: { zh: string; en: string };
    details: Record<string, unknown>;
    requestId?: string;
  };
}

export interface RenderedError {
  status: number;
  body: ErrorBody;
}

export function zodFieldProblems(err: ZodError, location: string): FieldProblem[] {
  return err.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : [];
    const base = [location, ...issue.path.map(String)].join('.');
    return {
      path: keys.length ? keys.map((k) => `${base}.${k}`).join(', ') : base,
      problem: issue.message,
      code: issue.code,
    };
  });
}

/**
 * A refusal given earlier to the same Idempotency-Key and body, answered again as it was (routes
 * keeping their own idempotency). Served with Idempotent-Replay: true.
 */
export class ReplayedRefusal extends Error {
  constructor(readonly rendered: RenderedError) {
    super(`replayed ${rendered.body.error.code}`);
  }
}

/** Validation failure raised by the request validator with the failing fields. */
export function validationError(fields: FieldProblem[]): DomainError {
  return new DomainError('VALIDATION_FAILED', { fields });
}

function fromDomain(code: string, details: Record<string, unknown>): RenderedError {
  const knownCode = code in catalogue ? code : 'INTERNAL';
  const entry = catalogue[knownCode];
  return {
    status: entry.status,
    body: {
      error: {
        code: knownCode,
        category: entry.category,
        message: { zh: entry.zh, en: entry.en },
        details,
      },
    },
  };
}

/** Finds an ApplicationFailure whose type is a catalogue code anywhere in a Temporal error chain. */
function catalogueFailure(err: unknown): ApplicationFailure | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 6; depth += 1) {
    if (current instanceof ApplicationFailure && current.type && current.type in catalogue) {
      return current;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The errors of a Temporal client that could not reach the frontend or got no answer in time. */
const TEMPORAL_UNREACHABLE = new Set(['ServiceError', 'ConnectionError', 'TransportError', 'WorkflowUpdateRPCTimeoutOrCancelledError']);
/** The errors of the database driver when the server is away (mongoose buffers, then gives up). */
const DATABASE_UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
]);

type Upstream = 'TEMPORAL_UNAVAILABLE' | 'DATABASE_UNAVAILABLE' | 'UPSTREAM_FAILED';

/** Which upstream failed, looking down the cause chain (the SDK wraps gRPC errors). */
function upstreamFailure(err: unknown): Upstream | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 6; depth += 1) {
    const e = current as { name?: string; code?: number | string; message?: string };
    if (e.name && DATABASE_UNREACHABLE.has(e.name)) return 'DATABASE_UNAVAILABLE';
    if (e.name === 'MongooseError' && /buffering timed out|not connected/i.test(e.message ?? '')) return 'DATABASE_UNAVAILABLE';
    // gRPC UNAVAILABLE (14) / DEADLINE_EXCEEDED (4) / CANCELLED (1) from the Temporal frontend.
    if (e.code === 14 || e.code === 4 || e.code === 1) return 'TEMPORAL_UNAVAILABLE';
    if (e.name === 'MongoServerError' || e.name === 'MongoBulkWriteError') return 'UPSTREAM_FAILED';
    current = (current as { cause?: unknown }).cause;
  }
  // A frontend that answered, but with an error that is neither ours nor "unreachable": it answered badly.
  const name = (err as { name?: string })?.name;
  if (name === 'ServiceError') return 'UPSTREAM_FAILED';
  if (name && TEMPORAL_UNREACHABLE.has(name)) return 'TEMPORAL_UNAVAILABLE';
  return undefined;
}

export function renderError(err: unknown): RenderedError {
  if (err instanceof ReplayedRefusal) return structuredClone(err.rendered);
  if (err instanceof DomainError) return fromDomain(err.code, err.details);
  if (err instanceof ZodError) return fromDomain('VALIDATION_FAILED', { fields: zodFieldProblems(err, 'body') });
  const failure = catalogueFailure(err);
  if (failure) {
    const details = (failure.details?.[0] as Record<string, unknown> | undefined) ?? {};
    return fromDomain(failure.type as string, details);
  }
  const e = err as { type?: string; name?: string };
  if (e?.type === 'entity.parse.failed') return fromDomain('MALFORMED_JSON', {});
  if (e?.type === 'entity.too.large') return fromDomain('PAYLOAD_TOO_LARGE', {});
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return fromDomain('UNSUPPORTED_MEDIA_TYPE', {});
  if (e?.name === 'WorkflowNotFoundError') return fromDomain('NOT_FOUND', {});
  const upstream = upstreamFailure(err);
  if (upstream) return fromDomain(upstream, {});
  if (err instanceof TemporalFailure) return fromDomain('UPSTREAM_FAILED', { reason: err.message });
  return fromDomain('INTERNAL', {});
}
