import { defineRoute } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { hospitalIdParams, hospitalListQuery, hospitalListSchema, hospitalSchema, statusChangeRequestSchema } from '../schemas/hospital';
import * as hospitals from '../services/hospitals';
import type { InstitutionStatus } from '../../domain/registry';

const tags = ['hospitals'];
const everyone = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'] as const;
const notFound = { description: 'NOT_FOUND: no such institution in the registry', schema: errorResponseSchema };
const changeErrors = {
  ...commonErrorResponses,
  404: notFound,
  409: { description: 'STATE: already suspended / not suspended on that date', schema: errorResponseSchema },
};

/** POST /hospitals/:id/<action>: one status change, by the institution's treatment-region agency or an admin. */
function statusChangeRoute(action: 'suspension' | 'reinstatement', to: InstitutionStatus, summary: string) {
  return defineRoute({
    method: 'post',
    path: `/api/v1/hospitals/:id/${action}`,
    summary,
    tags,
    access: ['TREATMENT_AGENCY', 'ADMIN'],
    params: hospitalIdParams,
    body: statusChangeRequestSchema,
    responses: { 200: { description: 'the institution after the change', schema: hospitalSchema }, ...changeErrors },
    handler: async ({ ctx, principal, params, body }) => ({
      status: 200,
      body: await hospitals.changeStatus(ctx, principal, params.id, to, body),
    }),
  });
}

export const hospitalRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/hospitals',
    summary: 'The designated-institution registry (H-1), with status and its dated history',
    tags,
    access: everyone,
    query: hospitalListQuery,
    responses: { 200: { description: 'the institutions', schema: hospitalListSchema }, ...commonErrorResponses },
    handler: async ({ ctx, query }) => ({ status: 200, body: await hospitals.listHospitals(ctx, query.region) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/hospitals/:id',
    summary: 'One institution with its status history (H-1)',
    tags,
    access: everyone,
    params: hospitalIdParams,
    responses: { 200: { description: 'the institution', schema: hospitalSchema }, ...commonErrorResponses, 404: notFound },
    handler: async ({ ctx, params }) => ({ status: 200, body: await hospitals.loadHospital(ctx, params.id) }),
  }),
  statusChangeRoute('suspension', 'SUSPENDED', 'Suspend an institution from direct settlement from a date (H-1, H-2); audited'),
  statusChangeRoute('reinstatement', 'ACTIVE', 'Reinstate a suspended institution from a date (H-1); audited'),
];
