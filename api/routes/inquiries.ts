// Expense inquiry and issue collaboration (I-1..I-6) over HTTP, exactly as API.md names them.
import { defineRoute, type RouteSpec } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { idParams } from '../schemas/common';
import {
  confirmationRequestSchema,
  forwardRequestSchema,
  inquiryAnswerSchema,
  inquiryListQuery,
  inquiryPageSchema,
  inquiryRequestSchema,
  inquirySchema,
} from '../schemas/inquiry';
import * as inquiries from '../services/inquiries';
import { withTemporalLink } from '../services/temporalLinks';

const tags = ['inquiries'];
const errors = {
  ...commonErrorResponses,
  404: { description: 'NOT_FOUND: no such case or settlement (or not visible to you, I-6)', schema: errorResponseSchema },
  409: {
    description: 'STATE: the case is not waiting for this step; CONFLICT: INQUIRY_SETTLEMENT_HAS_INQUIRY, INQUIRY_ALREADY_FORWARDED',
    schema: errorResponseSchema,
  },
  422: { description: 'POLICY: e.g. INQUIRY_DISALLOWED_EXCEEDS_FUND', schema: errorResponseSchema },
};

export const inquiriesRoutes: RouteSpec<any, any, any>[] = [
  defineRoute({
    method: 'post',
    path: '/api/v1/inquiries',
    location: (body) => `/api/v1/inquiries/${body.id}`,
    needsWorker: true,
    summary: 'Open an expense inquiry or issue collaboration on a stored settlement (I-1)',
    tags,
    access: ['INSURED_CLERK'],
    body: inquiryRequestSchema,
    responses: { 201: { description: 'the new case', schema: inquirySchema }, ...errors },
    handler: async ({ ctx, principal, body, idempotencyKey }) => ({
      status: 201,
      body: await inquiries.openInquiry(ctx, principal, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/inquiries',
    summary: "Inbox: a clerk sees its insured region's cases, an agency those addressed or forwarded to it (I-6, I-4)",
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    query: inquiryListQuery,
    responses: { 200: { description: 'a page of cases, newest first', schema: inquiryPageSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await inquiries.listInquiries(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/inquiries/:id',
    summary: 'One case with its timeline and next deadline',
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'],
    params: idParams,
    responses: { 200: { description: 'the case', schema: inquirySchema }, ...commonErrorResponses, 404: errors[404] },
    handler: async ({ ctx, principal, params }) => ({
      status: 200,
      body: withTemporalLink(ctx, principal, await inquiries.loadInquiry(ctx, principal, params.id)),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/inquiries/:id/response',
    needsWorker: true,
    summary:
      'Answer (the addressed treatment-region agency or one it forwarded the case to, I-6, I-4): VERIFIED_OK or VERIFIED_ISSUE with reasons and disallowed amount',
    tags,
    access: ['TREATMENT_AGENCY'],
    params: idParams,
    body: inquiryAnswerSchema,
    responses: { 200: { description: 'the case after the answer', schema: inquirySchema }, ...errors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await inquiries.respondToInquiry(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/inquiries/:id/confirmation',
    needsWorker: true,
    summary: 'Confirm or dispute the answer within 5 working days (I-3); a confirmed issue starts a recovery (I-5)',
    tags,
    access: ['INSURED_CLERK'],
    params: idParams,
    body: confirmationRequestSchema,
    responses: { 200: { description: 'the case after the decision', schema: inquirySchema }, ...errors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await inquiries.confirmInquiry(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/inquiries/:id/forward',
    needsWorker: true,
    summary:
      'I-4 first responder: the agency an issue collaboration is addressed to forwards it to one that can answer; it stays responsible and the deadline stands',
    tags,
    access: ['TREATMENT_AGENCY'],
    params: idParams,
    body: forwardRequestSchema,
    responses: { 200: { description: 'the case after the forward', schema: inquirySchema }, ...errors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await inquiries.forwardInquiry(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
];
