import { z } from 'zod';
import { defineRoute } from '../http/route';
import { pingDatabase } from '../../models/connection';
import { temporalReachable } from '../../temporal';

const healthSchema = z
  .object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.boolean()).optional() })
  .meta({ id: 'Health' });

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process serves requests',
    tags: ['health'],
    access: 'public',
    responses: { 200: { description: 'alive', schema: healthSchema } },
    handler: async () => ({ status: 200, body: { status: 'ok' } }),
  }),
  defineRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: Temporal and the database are reachable',
    tags: ['health'],
    access: 'public',
    responses: {
      200: { description: 'ready', schema: healthSchema },
      503: { description: 'a dependency is unreachable', schema: healthSchema },
    },
    handler: async ({ ctx }) => {
      const [temporal, database] = await Promise.all([temporalReachable(ctx.temporal), pingDatabase(ctx.db)]);
      const ok = temporal && database;
      return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', checks: { temporal, database } } };
    },
  }),
];
