import { z } from 'zod';
import { defineRoute } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { idParams } from '../schemas/common';
import {
  filingRequestSchema,
  filingSchema,
  filingListQuery,
  filingPageSchema,
  materialsRequestSchema,
  changeRequestSchema,
  cancelRequestSchema,
  reReferralRequestSchema,
  personRenumberSchema,
  insuranceStatusRequestSchema,
  insuranceStatusResultSchema,
} from '../schemas/filing';
import * as filings from '../services/filings';
import { reReferFiling } from '../services/reReferrals';
import { changeInsuranceStatus, renumberPerson } from '../services/persons';
import { personId } from '../schemas/common';
import { withTemporalLink } from '../services/temporalLinks';

const tags = ['filings'];
const writeErrors = {
  ...commonErrorResponses,
  404: { description: 'NOT_FOUND: no such filing (or not visible to you)', schema: errorResponseSchema },
  409: { description: 'STATE/CONFLICT: the filing is not in a state that allows this', schema: errorResponseSchema },
  422: { description: 'POLICY: the region policy forbids this (e.g. FILING_COMMITMENT_BARRED)', schema: errorResponseSchema },
};

export const filingRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/filings',
    location: (body) => `/api/v1/filings/${body.id}`,
    needsWorker: true,
    summary: 'Start a filing case (备案)',
    tags,
    access: ['INSURED_CLERK'],
    body: filingRequestSchema,
    responses: { 201: { description: 'the new filing', schema: filingSchema }, ...writeErrors },
    handler: async ({ ctx, principal, body, idempotencyKey }) => ({
      status: 201,
      body: await filings.openFiling(ctx, principal, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/filings/:id',
    summary: 'One filing with status, validity, commitment deadline and history',
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'],
    params: idParams,
    responses: { 200: { description: 'the filing', schema: filingSchema }, ...commonErrorResponses, 404: writeErrors[404] },
    handler: async ({ ctx, principal, params }) => ({
      status: 200,
      body: withTemporalLink(ctx, principal, await filings.loadFiling(ctx, principal, params.id)),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/filings',
    summary: 'List filings visible to the caller, newest first',
    tags,
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'],
    query: filingListQuery,
    responses: { 200: { description: 'a page of filings', schema: filingPageSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await filings.listFilings(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/filings/:id/materials',
    needsWorker: true,
    summary: 'Supply proof; ends a commitment period (F-6)',
    tags,
    access: ['INSURED_CLERK'],
    params: idParams,
    body: materialsRequestSchema,
    responses: { 200: { description: 'the filing after the proof', schema: filingSchema }, ...writeErrors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await filings.supplyMaterials(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/filings/:id/change',
    needsWorker: true,
    summary: 'Change filing information (F-8 limits)',
    tags,
    access: ['INSURED_CLERK'],
    params: idParams,
    body: changeRequestSchema,
    responses: { 200: { description: 'the changed filing', schema: filingSchema }, ...writeErrors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await filings.changeFiling(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/filings/:id/cancel',
    needsWorker: true,
    summary: 'Cancel a filing (F-8; the body says whether the person asked online)',
    tags,
    access: ['INSURED_CLERK'],
    params: idParams,
    body: cancelRequestSchema,
    responses: { 200: { description: 'the cancelled filing', schema: filingSchema }, ...writeErrors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 200,
      body: await filings.cancelFiling(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/filings/:id/re-referrals',
    location: (body) => `/api/v1/filings/${body.id}`,
    needsWorker: true,
    summary: 'Re-referral (F-10): a new REFERRAL filing linked to this one',
    tags,
    access: ['INSURED_CLERK', 'HOSPITAL'],
    params: idParams,
    body: reReferralRequestSchema,
    responses: { 201: { description: 'the new linked filing', schema: filingSchema }, ...writeErrors },
    handler: async ({ ctx, principal, params, body, idempotencyKey }) => ({
      status: 201,
      body: await reReferFiling(ctx, principal, params.id, body, idempotencyKey),
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/persons/:personId/renumber',
    needsWorker: true,
    summary: 'Person-number change (X-1): both numbers become one person (accumulators, commitment bar, filings, recoveries)',
    tags: ['persons'],
    access: ['INSURED_CLERK', 'ADMIN'],
    params: z.strictObject({ personId }),
    body: personRenumberSchema,
    responses: {
      200: {
        description: 'the change, carried out: the cases that were told',
        schema: z
          .object({
            changeId: z.string(),
            personId: z.string(),
            newPersonId: z.string(),
            canonicalPersonId: z.string().meta({ description: "The person's first number: keys accumulators and the commitment bar" }),
            filingsUpdated: z.array(z.string()),
            recoveriesUpdated: z.array(z.string()),
            skipped: z.array(z.string()).meta({ description: 'Cases that ended before they could be told' }),
          })
          .meta({ id: 'PersonRenumberResult' }),
      },
      ...commonErrorResponses,
      409: { description: 'CONFLICT: PERSON_NUMBER_IN_USE (the new number belongs to another person)', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params, body }) => ({
      status: 200,
      body: await renumberPerson(ctx, principal, params.personId, body.newPersonId, body.note),
    }),
  }),

  defineRoute({
    method: 'post',
    path: '/api/v1/persons/:personId/insurance-status',
    needsWorker: true,
    summary: 'Insurance status change (F-12): every live filing of the person ends on the effective date, timers included',
    tags: ['persons'],
    access: ['INSURED_CLERK', 'ADMIN'],
    params: z.strictObject({ personId }),
    body: insuranceStatusRequestSchema,
    responses: { 200: { description: 'the filings told', schema: insuranceStatusResultSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, params, body }) => ({
      status: 200,
      body: await changeInsuranceStatus(ctx, principal, params.personId, body),
    }),
  }),
];
