import { defineRoute } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { idParams } from '../schemas/common';
import {
  reimbursementRequestSchema,
  reversalRequestSchema,
  reversalSchema,
  settlementListQuery,
  settlementPageSchema,
  settlementRequestSchema,
  settlementSchema,
} from '../schemas/settlement';
import { reverseSettlement } from '../services/reversals';
import * as settlements from '../services/settlements';

const tags = ['settlements'];
const errors = {
  ...commonErrorResponses,
  400: {
    description:
      'VALIDATION: SETTLEMENT_BILL_INVALID (a problem code per field in details.fields), VALIDATION_FAILED (unknown field), MALFORMED_JSON',
    schema: errorResponseSchema,
  },
  409: { description: 'CONFLICT: Idempotency-Key reused with another bill, or still in progress', schema: errorResponseSchema },
  403: { description: 'AUTH: wrong role, another region, or another institution (H-4)', schema: errorResponseSchema },
  422: {
    description: 'POLICY: e.g. SETTLEMENT_NO_VALID_FILING (F-4), SETTLEMENT_REGION_UNKNOWN, SETTLEMENT_INJURY_STATEMENT_MISSING (S-7)',
    schema: errorResponseSchema,
  },
};

function keyedRequest(key: string | undefined, requestHash: string | undefined): settlements.KeyedRequest | undefined {
  return key !== undefined && requestHash !== undefined ? { key, requestHash } : undefined;
}

function answer({ body, replayed }: settlements.StoredSettlement) {
  return { status: 201, body, ...(replayed ? { headers: { 'Idempotent-Replay': 'true' } } : {}) };
}

export const settlementsRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/settlements',
    location: (body) => `/api/v1/settlements/${body.id}`,
    summary: "Direct settlement of a bill under the insured region's policy (S-1..S-7); counted once in the annual accumulator (S-5)",
    tags,
    access: ['HOSPITAL'],
    body: settlementRequestSchema,
    responses: { 201: { description: 'the stored settlement with its full breakdown (S-6)', schema: settlementSchema }, ...errors },
    idempotency: 'handler',
    requireIdempotencyKey: true,
    handler: async ({ ctx, principal, body, idempotencyKey, requestHash }) =>
      answer(await settlements.directSettlement(ctx, principal, body, keyedRequest(idempotencyKey, requestHash))),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/settlements/quote',
    summary: 'The same computation against the current accumulator; nothing is stored',
    tags,
    access: ['HOSPITAL', 'INSURED_CLERK'],
    body: settlementRequestSchema,
    responses: { 200: { description: 'the breakdown (id null, stored false)', schema: settlementSchema }, ...errors },
    handler: async ({ ctx, principal, body }) => ({
      status: 200,
      body: await settlements.quoteSettlement(ctx, principal, body),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/reimbursements',
    location: (body) => `/api/v1/settlements/${body.id}`,
    summary: 'Manual reimbursement of a self-paid bill at the insured region (F-5, S-4)',
    tags,
    access: ['INSURED_CLERK'],
    body: reimbursementRequestSchema,
    responses: { 201: { description: 'the stored reimbursement, shaped as a settlement', schema: settlementSchema }, ...errors },
    idempotency: 'handler',
    requireIdempotencyKey: true,
    handler: async ({ ctx, principal, body, idempotencyKey, requestHash }) => {
      const { ownFault, ...bill } = body;
      return answer(await settlements.manualReimbursement(ctx, principal, bill, ownFault, keyedRequest(idempotencyKey, requestHash)));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/settlements/:id',
    summary: 'One stored settlement or reimbursement with its breakdown',
    tags,
    access: ['HOSPITAL', 'INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    params: idParams,
    responses: {
      200: { description: 'the settlement', schema: settlementSchema },
      ...commonErrorResponses,
      404: { description: 'NOT_FOUND: no such settlement (or not visible to you)', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params }) => ({ status: 200, body: await settlements.loadSettlement(ctx, principal, params.id) }),
  }),

  defineRoute({
    method: 'get',
    path: '/api/v1/settlements',
    summary: 'Stored settlements the caller may see (a hospital: its own institution), newest first',
    tags,
    access: ['HOSPITAL', 'INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    query: settlementListQuery,
    responses: { 200: { description: 'a page of settlements', schema: settlementPageSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await settlements.listSettlements(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/settlements/:id/reversal',
    summary: 'Reverse a direct settlement (S-8): gives back exactly what it took from the annual accumulator, once',
    tags,
    access: ['HOSPITAL'],
    params: idParams,
    body: reversalRequestSchema,
    requireIdempotencyKey: true,
    idempotency: 'handler',
    responses: {
      201: { description: 'the reversal (the same one on every retry)', schema: reversalSchema },
      ...commonErrorResponses,
      404: { description: 'NOT_FOUND: no such settlement of your institution', schema: errorResponseSchema },
      409: { description: 'STATE: SETTLEMENT_NOT_REVERSIBLE (a reimbursement)', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params, body }) => {
      const { body: reversal, replayed } = await reverseSettlement(ctx, principal, params.id, body.reason);
      return { status: 201, body: reversal, ...(replayed ? { headers: { 'Idempotent-Replay': 'true' } } : {}) };
    },
  }),
];
