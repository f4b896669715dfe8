// Monitoring 监测预警 over HTTP: M-1 indicators and warnings (acknowledged by a clerk with a note),
// M-2 daily error report (rejected requests and failures inside cases, by error code; kept per day
// by the daily job, live for a day not closed yet). Clerks and agencies see their own.
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { isoDate } from '../schemas/common';
import {
  acknowledgementSchema,
  indicatorQuery,
  indicatorSchema,
  warningPageSchema,
  warningParams,
  warningQuery,
  warningSchema,
} from '../schemas/clearing';
import * as monitoring from '../services/monitoring';

const reportSchema = z
  .object({
    day: z.string(),
    kept: z.boolean().meta({ description: 'true once the daily job has built and kept the day’s report' }),
    builtAt: z.string().optional(),
    total: z.number().int(),
    byCode: z.array(
      z.object({
        code: z.string(),
        category: z.string(),
        status: z.number().int(),
        count: z.number().int(),
        routes: z.array(z.object({ route: z.string(), agencyId: z.string(), count: z.number().int() })),
        cases: z.array(z.object({ caseType: z.string(), count: z.number().int() })).meta({ description: 'failures inside cases' }),
      }),
    ),
  })
  .meta({ id: 'ErrorReport' });

const tags = ['monitoring'];
const readers = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'] as const;

export const monitoringRoutes: RouteSpec<any, any, any>[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/monitoring/error-report',
    summary: "M-2: the day's rejected requests and failed case steps grouped by error code",
    tags,
    access: ['ADMIN', 'INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL'],
    query: z.strictObject({ day: isoDate.optional().meta({ description: 'YYYY-MM-DD (Asia/Shanghai); default today' }) }),
    responses: { 200: { description: 'the report', schema: reportSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await monitoring.errorReport(ctx, principal, query.day) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/monitoring/indicators',
    summary: 'M-1 indicators per pair and hospital for a month, from stored settlements and disallowed amounts',
    tags,
    access: readers,
    query: indicatorQuery,
    responses: {
      200: {
        description: 'pair rows (no hospitalId) and hospital rows',
        schema: z.object({ items: z.array(indicatorSchema) }).meta({ id: 'IndicatorList' }),
      },
      ...commonErrorResponses,
    },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await monitoring.indicators(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/monitoring/warnings',
    summary: 'M-1 warnings (one per threshold crossing), open and acknowledged',
    tags,
    access: readers,
    query: warningQuery,
    responses: { 200: { description: 'a page of warnings', schema: warningPageSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await monitoring.listWarnings(ctx, principal, query) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/monitoring/warnings/:id/acknowledgement',
    summary: 'M-1: a clerk of the insured region acknowledges a warning with a note (预警监测评估处置)',
    tags,
    access: ['INSURED_CLERK'],
    params: warningParams,
    body: acknowledgementSchema,
    responses: {
      200: { description: 'the warning, ACKNOWLEDGED', schema: warningSchema },
      ...commonErrorResponses,
      404: { description: 'MONITORING_WARNING_NOT_FOUND', schema: errorResponseSchema },
      409: { description: 'MONITORING_WARNING_ALREADY_ACKNOWLEDGED', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params, body }) => ({
      status: 200,
      body: await monitoring.acknowledgeWarning(ctx, principal, params.id, body.note),
    }),
  }),
];
