// Recovery orders (RC-1..RC-4) over HTTP: the API.md endpoints plus payment report, transfer retry,
// list and ledger. A treatment-region agency reads (GET only) the recoveries of its region: it
// collects from the debtor, and the cases it reads name them (links are never dangling).
import { defineRoute, type RouteSpec } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { idParams } from '../schemas/common';
import {
  paymentReportSchema,
  recoveryLedgerSchema,
  recoveryListQuery,
  recoveryPageSchema,
  recoveryRequestSchema,
  recoverySchema,
  transferRetrySchema,
} from '../schemas/recovery';
import * as recoveries from '../services/recoveries';
import { withTemporalLink } from '../services/temporalLinks';

const tags = ['recoveries'];
const errors = {
  ...commonErrorResponses,
  404: { description: 'NOT_FOUND: no such recovery or source (or not visible to you)', schema: errorResponseSchema },
  409: {
    description: 'CONFLICT/STATE: another order exists for the source, the source is not recoverable yet, or the step is over',
    schema: errorResponseSchema,
  },
  422: { description: 'POLICY: RECOVERY_AMOUNT_EXCEEDS_SOURCE', schema: errorResponseSchema },
};

export const recoveriesRoutes: RouteSpec<any, any, any>[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/recoveries',
    location: (body) => `/api/v1/recoveries/${body.id}`,
    needsWorker: true,
    summary: 'Order a recovery (RC-2 source; one per source); 201 new, 200 when the same order exists',
    tags,
    access: ['INSURED_CLERK', 'ADMIN'],
    body: recoveryRequestSchema,
    responses: {
      201: { description: 'the new recovery', schema: recoverySchema },
      200: { description: 'the existing recovery of this source', schema: recoverySchema },
      ...errors,
    },
    handler: async ({ ctx, principal, body }) => {
      const { created, recovery } = await recoveries.openRecovery(ctx, principal, body);
      return { status: created ? 201 : 200, body: recovery };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/recoveries',
    summary: "Recoveries of the clerk's insured region (an agency: of its treatment region), newest first",
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    query: recoveryListQuery,
    responses: { 200: { description: 'a page of recoveries', schema: recoveryPageSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await recoveries.listRecoveries(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/recoveries/:id',
    summary: 'One recovery with its steps (RC-3) and timeline',
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    params: idParams,
    responses: { 200: { description: 'the recovery', schema: recoverySchema }, ...commonErrorResponses, 404: errors[404] },
    handler: async ({ ctx, principal, params }) => ({
      status: 200,
      body: withTemporalLink(ctx, principal, await recoveries.loadRecovery(ctx, principal, params.id)),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/recoveries/:id/payment-reports',
    needsWorker: true,
    summary: 'Report that the debtor paid; the engine confirms it with finance at once (RC-3)',
    tags,
    access: ['INSURED_CLERK', 'ADMIN'],
    params: idParams,
    body: paymentReportSchema,
    responses: { 202: { description: 'the recovery; finance is being asked', schema: recoverySchema }, ...errors },
    handler: async ({ ctx, principal, params, body }) => ({
      status: 202,
      body: await recoveries.reportPayment(ctx, principal, params.id, body.note),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/recoveries/:id/transfer-retry',
    needsWorker: true,
    summary:
      'Finance refused the transfer (TRANSFER_REFUSED): ask for it again once the cause is cleared; the same transferId, so it still happens once (RC-3, RC-4)',
    tags,
    access: ['INSURED_CLERK', 'ADMIN'],
    params: idParams,
    body: transferRetrySchema,
    responses: { 202: { description: 'the recovery; finance is being asked again', schema: recoverySchema }, ...errors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 202,
      body: await recoveries.retryTransfer(ctx, principal, params.id, body.note, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/recoveries/:id/ledger',
    summary: 'The double-entry ledger of a recovery and its balance check (RC-4)',
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    params: idParams,
    responses: { 200: { description: 'entries and balance', schema: recoveryLedgerSchema }, ...commonErrorResponses, 404: errors[404] },
    handler: async ({ ctx, principal, params }) => ({ status: 200, body: await recoveries.recoveryLedger(ctx, principal, params.id) }),
  }),
];
