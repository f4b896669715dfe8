// M-2 daily error report: rejected and failed transactions of a day grouped by error code, so
// the agency can work down its error list (每日报错治理). Clerks and agencies see their own.
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { commonErrorResponses } from '../http/errorSchema';
import { isoDateSchema, isoDateInShanghai } from '../../domain/time';
import { rejectionModel } from '../../models/errorTally';

const reportSchema = z
  .object({
    day: z.string(),
    total: z.number().int(),
    byCode: z.array(
      z.object({
        code: z.string(),
        category: z.string(),
        status: z.number().int(),
        count: z.number().int(),
        routes: z.array(z.object({ route: z.string(), agencyId: z.string(), count: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'ErrorReport' });

export const monitoringRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/monitoring/error-report',
    summary: "M-2: the day's rejected and failed requests grouped by error code",
    tags: ['monitoring'],
    access: ['ADMIN', 'INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL'],
    query: z.strictObject({ day: isoDateSchema.optional().meta({ description: 'YYYY-MM-DD (Asia/Shanghai); default today' }) }),
    responses: { 200: { description: 'the report', schema: reportSchema }, ...commonErrorResponses },
    handler: async ({ ctx, principal, query }) => {
      const day = query.day ?? isoDateInShanghai(await ctx.clock.nowMs());
      const filter = principal.role === 'ADMIN' ? { day } : { day, agencyId: principal.agencyId };
      const rows = await rejectionModel(ctx.db).find(filter, { code: 1, category: 1, status: 1, route: 1, agencyId: 1 }).lean();
      const byCode = new Map<
        string,
        { code: string; category: string; status: number; count: number; routes: { route: string; agencyId: string; count: number }[] }
      >();
      for (const row of rows) {
        const entry = byCode.get(row.code) ?? { code: row.code, category: row.category, status: row.status, count: 0, routes: [] };
        entry.count += 1;
        const route = entry.routes.find((r) => r.route === row.route && r.agencyId === row.agencyId);
        if (route) route.count += 1;
        else entry.routes.push({ route: row.route, agencyId: row.agencyId, count: 1 });
        byCode.set(row.code, entry);
      }
      const groups = [...byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
      return { status: 200, body: { day, total: groups.reduce((n, g) => n + g.count, 0), byCode: groups } };
    },
  }),
];
