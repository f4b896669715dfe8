// Key administration for ADMIN (E-2: audited): list the keys (never their secrets, only the
// stored prefix), create one (the secret is answered once; only its hash is kept), disable one.
// Disabling takes effect at once in this process (the resolver's cache is dropped); another API
// process notices within its cache time (30 s).
import { Types } from 'mongoose';
import { DomainError } from '../../domain/errors';
import { findHospital } from '../../domain/policy/hospitals';
import { formatShanghaiTimestamp } from '../../domain/time';
import { apiKeyModel, type AgencyRole, type ApiKeyRecord } from '../../models/apiKey';
import { recordAuditEvent } from '../../models/auditEvent';
import type { AppContext } from '../context';
import { createApiKey, forgetCachedApiKeys, hashApiKey, type Principal } from '../http/apiKeys';
import { validationError, type FieldProblem } from '../http/problem';

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
}

type StoredKey = ApiKeyRecord & { _id: Types.ObjectId };

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
  };
}

export async function listKeys(
  ctx: AppContext,
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
  const record = (await apiKeyModel(ctx.db)
    .findOne({ keyHash: hashApiKey(key) })
    .lean()) as StoredKey | null;
  if (!record) throw new Error('the new API key was not stored');
  const created = view(record);
  await audit(ctx, principal, created, 'API_KEY_CREATED');
  return { ...created, key };
}

export async function disableKey(ctx: AppContext, principal: Principal, id: string): Promise<ApiKeyView> {
  const model = apiKeyModel(ctx.db);
  const before = Types.ObjectId.isValid(id) ? ((await model.findOne({ _id: new Types.ObjectId(id) }).lean()) as StoredKey | null) : null;
  if (!before) throw new DomainError('NOT_FOUND', { apiKeyId: id });
  if (!before.disabled) {
    await model.updateOne({ _id: before._id }, { $set: { disabled: true } });
    await audit(ctx, principal, view({ ...before, disabled: true }), 'API_KEY_DISABLED');
  }
  forgetCachedApiKeys();
  return view({ ...before, disabled: true });
}

async function audit(ctx: AppContext, principal: Principal, key: ApiKeyView, action: string): Promise<void> {
  const at = await ctx.clock.nowMs();
  await recordAuditEvent(ctx.db, {
    eventId: `API_KEY:${key.id}:${action}`,
    caseType: 'API_KEY',
    caseId: key.id,
    action,
    actor: { agencyId: principal.agencyId, role: principal.role },
    at: new Date(at),
    after: key,
  });
}
