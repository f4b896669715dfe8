// Key administration for ADMIN (E-2: audited): list the keys (never their secrets, only the
// stored prefix), create one (the secret is answered once; only its hash is kept), disable one,
// rotate one (a new secret for the same key; answered once). Disable and rotate take effect at
// once in this process (the resolver's cache is dropped); another API process refuses the old
// secret within its key cache time (API_KEY_CACHE_TTL_MS, 1 s by default: api/http/apiKeys.ts).
import type { Types } from 'mongoose';
import { DomainError } from '../../domain/errors';
import { findHospital } from '../../domain/policy/hospitals';
import { formatShanghaiTimestamp } from '../../domain/time';
import { apiKeyModel, type AgencyRole, type ApiKeyRecord } from '../../models/apiKey';
import { recordAuditEvent } from '../../models/auditEvent';
import type { AppContext } from '../context';
import { createApiKey, disableApiKey, hashApiKey, rotateApiKey, type Principal } from '../http/apiKeys';
import { validationError, type FieldProblem } from '../http/problem';
import { auditActorOf } from './actors';

export interface ApiKeyView {
  id: string;
  prefix: string;
  agencyId: string;
  role: AgencyRole;
  region: string | null;
  hospitalId: string | null;
  label: string;
  disabled: boolean;
  createdAt: string;
  /** When the secret was last rotated; absent for a key never rotated. */
  rotatedAt?: string;
}

type StoredKey = ApiKeyRecord & { _id: Types.ObjectId };

/** What the key commands need: the database and the clock (the API's context, or the CLI's). */
export type KeyAdminContext = Pick<AppContext, 'db' | 'clock'>;

function view(record: StoredKey): ApiKeyView {
  return {
    id: String(record._id),
    prefix: record.prefix,
    agencyId: record.agencyId,
    role: record.role,
    region: record.region ?? null,
    hospitalId: record.hospitalId ?? null,
    label: record.label ?? '',
    disabled: Boolean(record.disabled),
    createdAt: formatShanghaiTimestamp(new Date(record.createdAt).getTime()),
    ...(record.rotatedAt ? { rotatedAt: formatShanghaiTimestamp(new Date(record.rotatedAt).getTime()) } : {}),
  };
}

export async function listKeys(
  ctx: Pick<AppContext, 'db'>,
  query: { role?: AgencyRole; disabled?: boolean; page: number; pageSize: number },
): Promise<{ items: ApiKeyView[]; page: number; pageSize: number; total: number }> {
  const filter: Record<string, unknown> = {};
  if (query.role) filter.role = query.role;
  if (query.disabled !== undefined) filter.disabled = query.disabled;
  const records = (await apiKeyModel(ctx.db).find(filter).lean()) as StoredKey[];
  // Sorted here, not by the database: FerretDB sorts without an index by scanning anyway.
  records.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || a.prefix.localeCompare(b.prefix));
  const start = (query.page - 1) * query.pageSize;
  return {
    items: records.slice(start, start + query.pageSize).map(view),
    page: query.page,
    pageSize: query.pageSize,
    total: records.length,
  };
}

export interface NewKeyRequest {
  role: AgencyRole;
  region?: string;
  hospitalId?: string;
  label: string;
}

/** The role's rules for region and institution, as field problems (E-1: shown beside the field). */
function keyRequestProblems(ctx: AppContext, body: NewKeyRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (body.role === 'ADMIN' && body.region !== undefined) problems.push({ path: 'body.region', problem: 'ADMIN keys have no region' });
  if (body.role !== 'ADMIN' && body.region === undefined)
    problems.push({ path: 'body.region', problem: `${body.role} keys need a region` });
  if (body.role !== 'HOSPITAL' && body.hospitalId !== undefined) {
    problems.push({ path: 'body.hospitalId', problem: 'only HOSPITAL keys belong to an institution' });
  }
  if (body.role === 'HOSPITAL') {
    const hospital = body.hospitalId ? findHospital(ctx.policies.hospitals(), body.hospitalId) : undefined;
    if (!body.hospitalId) problems.push({ path: 'body.hospitalId', problem: 'HOSPITAL keys belong to one institution (H-4)' });
    else if (!hospital || hospital.region !== body.region) {
      problems.push({ path: 'body.hospitalId', problem: `not a registered institution of region ${body.region ?? '?'}` });
    }
  }
  return problems;
}

export async function createKey(ctx: AppContext, principal: Principal, body: NewKeyRequest): Promise<ApiKeyView & { key: string }> {
  const problems = keyRequestProblems(ctx, body);
  if (problems.length) throw validationError(problems);
  const { key } = await createApiKey(ctx.db, {
    role: body.role,
    region: body.region ?? null,
    hospitalId: body.hospitalId ?? null,
    label: body.label,
  });
  return { ...(await auditCreatedKey(ctx, principal, key)), key };
}

/** E-2: records who created the key (the endpoint, or `npm run create-api-key` as CLI:<user>). */
export async function auditCreatedKey(ctx: KeyAdminContext, principal: Principal, key: string): Promise<ApiKeyView> {
  const record = (await apiKeyModel(ctx.db)
    .findOne({ keyHash: hashApiKey(key) })
    .lean()) as StoredKey | null;
  if (!record) throw new Error('the new API key was not stored');
  const created = view(record);
  await audit(ctx, principal, created, 'API_KEY_CREATED');
  return created;
}

export async function disableKey(ctx: KeyAdminContext, principal: Principal, id: string): Promise<ApiKeyView> {
  const before = (await disableApiKey(ctx.db, id)) as StoredKey | null;
  if (!before) throw new DomainError('NOT_FOUND', { apiKeyId: id });
  const disabled = view({ ...before, disabled: true });
  if (!before.disabled) await audit(ctx, principal, disabled, 'API_KEY_DISABLED');
  return disabled;
}

/**
 * A new secret for the key (same id, agency, role, region, institution, label): the old secret
 * is refused from now on, like a disabled key. A disabled key stays disabled (rotating it does not
 * revive it). Audited once per rotation, never with the secret.
 */
export async function rotateKey(ctx: KeyAdminContext, principal: Principal, id: string): Promise<ApiKeyView & { key: string }> {
  const rotated = await rotateApiKey(ctx.db, id);
  if (!rotated) throw new DomainError('NOT_FOUND', { apiKeyId: id });
  const after = view(rotated.after as StoredKey);
  const at = rotated.rotatedAt.getTime();
  await audit(ctx, principal, after, 'API_KEY_ROTATED', `${at}`);
  return { ...after, key: rotated.key };
}

/** One audit event per key and action; `occurrence` tells repeated actions apart (each rotation). */
async function audit(ctx: KeyAdminContext, principal: Principal, key: ApiKeyView, action: string, occurrence?: string): Promise<void> {
  const at = await ctx.clock.nowMs();
  await recordAuditEvent(ctx.db, {
    eventId: `API_KEY:${key.id}:${action}${occurrence ? `:${occurrence}` : ''}`,
    caseType: 'API_KEY',
    // The id GET /audit reads a key's trail by (key:<id>), kept apart from case ids.
    caseId: `key:${key.id}`,
    action,
    actor: auditActorOf(principal),
    at: new Date(at),
    after: key,
  });
}
