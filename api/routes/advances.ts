// Advance fund (P-1, P-5) over HTTP: the advance of each pair (derived from the records when
// read), top-ups, and the yearly quota set by the insured region's clerk.
import { defineRoute, type RouteSpec } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { advanceListSchema, advanceQuery, advanceSchema, quotaBodySchema, topUpBodySchema, topUpResultSchema } from '../schemas/clearing';
import * as advances from '../services/advances';

const tags = ['advance'];
const errors = {
  ...commonErrorResponses,
  409: { description: 'CONFLICT: another clerk changed the quota at the same moment (retry)', schema: errorResponseSchema },
};

export const advanceRoutes: RouteSpec<any, any, any>[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/advances',
    summary: 'Advance per pair: quota, balance, outstanding, usage and alert level (P-1, P-5)',
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    query: advanceQuery,
    responses: { 200: { description: 'the advances you may see', schema: advanceListSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await advances.listAdvances(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/advances/top-ups',
    summary: 'Top up the advance with a treatment region from the insured fund; closes an open emergency request (P-5)',
    tags,
    access: ['INSURED_CLERK'],
    body: topUpBodySchema,
    idempotency: 'stored',
    // Money moves: a retried top-up without a key would be booked twice (S-5 for every money write).
    requireIdempotencyKey: true,
    responses: { 201: { description: 'the top-up and the advance after it', schema: topUpResultSchema }, ...errors },
    handler: async ({ ctx, principal, body, idempotencyKey, requestHash }) => {
      const result = await advances.topUp(ctx, principal, body, idempotencyKey, requestHash);
      return { status: 201, body: result, headers: { Location: `/api/v1/advances?treatmentRegion=${result.treatmentRegion}` } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/advances/quota',
    summary: "Set the pair's yearly advance quota (P-1, default from the policy)",
    tags,
    access: ['INSURED_CLERK'],
    body: quotaBodySchema,
    responses: { 200: { description: 'the advance with its new quota', schema: advanceSchema }, ...errors },
    handler: async ({ ctx, principal, body }) => ({ status: 200, body: await advances.setQuota(ctx, principal, body) }),
  }),
];
