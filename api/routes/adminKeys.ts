// ADMIN: API key administration (list, create, disable, rotate), audited (E-2). The web console's
// admin page works on these; `npm run create-api-key` remains for the first key of an installation,
// and `npm run api-keys -- list|disable|rotate` does the same on the database (api/cli/apiKeys.ts).
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { pageOf, pageQuery } from '../schemas/common';
import { AGENCY_ROLES } from '../../models/apiKey';
import * as adminKeys from '../services/adminKeys';
import { regionCodeSchema } from '../../domain/schemas';

const tags = ['admin'];

const apiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string().describe('First characters of the key, to tell keys apart; the secret is never stored'),
    agencyId: z.string(),
    role: z.enum(AGENCY_ROLES),
    region: z.string().nullable(),
    hospitalId: z.string().nullable(),
    label: z.string(),
    disabled: z.boolean(),
    createdAt: z.string().describe('ISO 8601, +08:00'),
    rotatedAt: z.string().optional().describe('ISO 8601, +08:00: when the secret was last rotated; absent for a key never rotated'),
  })
  .meta({ id: 'ApiKey' });

const createdKeySchema = apiKeySchema
  .extend({ key: z.string().describe('The secret: shown in this answer only; only its SHA-256 hash is stored') })
  .meta({ id: 'ApiKeyCreated' });

const newKeySchema = z
  .strictObject({
    role: z.enum(AGENCY_ROLES),
    region: regionCodeSchema.optional().describe('Required for every role but ADMIN'),
    hospitalId: z
      .string()
      .regex(/^H\d{9}$/, 'H + 6-digit region code + 3-digit number, e.g. H110000001')
      .optional()
      .describe('HOSPITAL keys only: a registered institution of the region (H-4)'),
    label: z.string().trim().min(1).max(200).describe('Who uses the key, e.g. 湛江市医保中心 窗口 3'),
  })
  .meta({ id: 'ApiKeyRequest' });

const listQuery = z.strictObject({
  role: z.enum(AGENCY_ROLES).optional(),
  disabled: z.enum(['true', 'false']).optional().describe('Only disabled (true) or only usable (false) keys'),
  ...pageQuery,
});

const keyIdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{24}$/, 'the id of a key as listed') });

export const adminKeyRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/admin/keys',
    summary: 'ADMIN: the API keys (prefix, agency, role, region, institution, label, disabled), newest first',
    tags,
    access: ['ADMIN'],
    query: listQuery,
    responses: { 200: { description: 'the keys, paginated', schema: pageOf(apiKeySchema, 'ApiKeyPage') }, ...commonErrorResponses },
    handler: async ({ ctx, query }) => ({
      status: 200,
      body: await adminKeys.listKeys(ctx, {
        role: query.role,
        disabled: query.disabled === undefined ? undefined : query.disabled === 'true',
        page: query.page,
        pageSize: query.pageSize,
      }),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/admin/keys',
    summary: 'ADMIN: create an API key; its secret is answered once (audited)',
    tags,
    access: ['ADMIN'],
    body: newKeySchema,
    // Never replayed from the Idempotency-Key store: that would keep the secret in the database.
    // A retry creates another key; disable the spare one.
    idempotency: 'handler',
    responses: { 201: { description: 'the new key with its secret', schema: createdKeySchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, body }) => ({ status: 201, body: await adminKeys.createKey(ctx, principal, body) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/admin/keys/:id/disable',
    summary: 'ADMIN: disable an API key at once (audited); disabling twice changes nothing',
    tags,
    access: ['ADMIN'],
    params: keyIdParams,
    responses: {
      200: { description: 'the key, disabled', schema: apiKeySchema },
      ...commonErrorResponses,
      404: { description: 'NOT_FOUND: no such key', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params }) => ({ status: 200, body: await adminKeys.disableKey(ctx, principal, params.id) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/admin/keys/:id/rotation',
    summary: 'ADMIN: rotate an API key: a new secret for the same key, answered once; the old secret is refused from now on (audited)',
    tags,
    access: ['ADMIN'],
    params: keyIdParams,
    // Like creation: never replayed from the Idempotency-Key store (that would keep the secret).
    // A retry rotates again; the secret of the last answer is the one that works.
    idempotency: 'handler',
    responses: {
      200: { description: 'the key with its new secret', schema: createdKeySchema },
      ...commonErrorResponses,
      404: { description: 'NOT_FOUND: no such key', schema: errorResponseSchema },
      409: { description: 'API_KEY_CHANGED_CONCURRENTLY: another rotation of the key won', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params }) => ({ status: 200, body: await adminKeys.rotateKey(ctx, principal, params.id) }),
  }),
];
