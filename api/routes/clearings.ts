// Monthly clearing (P-2..P-6) over HTTP: periods, exceptions resolved by a clerk, the delay
// report, the payment that closes a period, and the statement as CSV.
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import {
  clearingIdParams,
  clearingListQuery,
  clearingPageSchema,
  clearingRunRequestSchema,
  clearingSchema,
  delayReportRequestSchema,
  exceptionParams,
  paymentRequestSchema,
  resolutionRequestSchema,
} from '../schemas/clearing';
import * as clearings from '../services/clearings';
import { withTemporalLink } from '../services/temporalLinks';

const tags = ['clearing'];
const readers = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'] as const;
const errors = {
  ...commonErrorResponses,
  404: { description: 'CLEARING_NOT_FOUND / CLEARING_EXCEPTION_NOT_FOUND (or not visible to you)', schema: errorResponseSchema },
  409: { description: 'STATE: the period is not at that step (see the code)', schema: errorResponseSchema },
  422: { description: 'POLICY: not paid in full, or late without a delay report', schema: errorResponseSchema },
};

export const clearingRunRoute = defineRoute({
  method: 'post',
  path: '/api/v1/dev/clearings/run',
  needsWorker: true,
  location: (body) => `/api/v1/clearings/${body.id}`,
  summary: 'Simulation mode only: run the clearing of one pair and period now (the schedule’s job); once per period',
  tags: ['simulation'],
  access: ['ADMIN'],
  body: clearingRunRequestSchema,
  responses: {
    201: { description: 'the new clearing, locked and reconciling', schema: clearingSchema },
    200: { description: 'the clearing of this period, which already exists', schema: clearingSchema },
    ...errors,
  },
  handler: async ({ ctx, body }) => {
    const { created, clearing } = await clearings.runClearingNow(ctx, body);
    return { status: created ? 201 : 200, body: clearing, headers: { Location: `/api/v1/clearings/${clearing.id}` } };
  },
});

export const clearingRoutes: RouteSpec<any, any, any>[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/clearings',
    summary: 'Clearing periods of the pairs you belong to (P-2), newest period first',
    tags,
    access: readers,
    query: clearingListQuery,
    responses: { 200: { description: 'a page of clearings', schema: clearingPageSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await clearings.listClearings(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/clearings/:id',
    summary: 'One period: reconciliation, exceptions, statement, rates, payment, events (P-2..P-6)',
    tags,
    access: readers,
    params: clearingIdParams,
    responses: { 200: { description: 'the clearing', schema: clearingSchema }, ...commonErrorResponses, 404: errors[404] },
    handler: async ({ ctx, principal, params }) => ({
      status: 200,
      body: withTemporalLink(ctx, principal, await clearings.loadClearing(ctx, principal, params.id)),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clearings/:id/exceptions/:exceptionId/resolution',
    needsWorker: true,
    summary: 'Resolve a reconciliation difference: ACCEPT_OURS, ACCEPT_THEIRS or DEFER to the next period (P-2)',
    tags,
    access: ['INSURED_CLERK'],
    params: exceptionParams,
    body: resolutionRequestSchema,
    responses: {
      200: { description: 'the clearing (with its statement once every difference is resolved)', schema: clearingSchema },
      ...errors,
    },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await clearings.resolveException(ctx, principal, params.id, params.exceptionId, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clearings/:id/delay-report',
    needsWorker: true,
    summary: 'Report why the payment is late and when it is expected (P-3)',
    tags,
    access: ['INSURED_CLERK'],
    params: clearingIdParams,
    body: delayReportRequestSchema,
    responses: { 200: { description: 'the clearing', schema: clearingSchema }, ...errors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await clearings.reportDelay(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/clearings/:id/payment',
    needsWorker: true,
    summary: 'Record the payment of the net due; closes the period (P-2 d); bank fee and interest booked apart (P-4)',
    tags,
    access: ['INSURED_CLERK'],
    params: clearingIdParams,
    body: paymentRequestSchema,
    responses: { 200: { description: 'the clearing, PAID', schema: clearingSchema }, ...errors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await clearings.recordPayment(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/clearings/:id/statement.csv',
    summary: 'The statement as CSV (UTF-8 with BOM, header row): fund by scheme and visit type, adjustments, offsets, net due',
    tags,
    access: readers,
    params: clearingIdParams,
    responses: { 200: { description: 'text/csv; charset=utf-8', schema: z.string() }, ...errors },
    handler: async ({ ctx, principal, params }) => {
      const { filename, csv } = await clearings.statementCsv(ctx, principal, params.id);
      return {
        status: 200,
        body: null,
        raw: csv,
        headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` },
      };
    },
  }),
];
