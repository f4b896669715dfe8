// Simulation mode only (`npm start -- --simulate`): move the time-skipping server's clock so a
// trainee can watch deadlines fire. In normal mode the route answers 404 like any unknown path.
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { commonErrorResponses } from '../http/errorSchema';
import { DomainError } from '../../domain/errors';
import { addDurationToInstant, formatShanghaiTimestamp, parseIsoDuration } from '../../domain/time';
import { advanceClockRunningJobs } from '../services/simulatedSchedules';
import { clearingRunRoute } from './clearings';

const advanceBody = z
  .strictObject({
    duration: z
      .string()
      .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, 'ISO 8601 duration such as P6M, P10D, PT12H')
      .meta({ example: 'P6M' }),
  })
  .meta({ id: 'ClockAdvance' });

const clockSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    advancedMs: z.number(),
    ran: z.array(z.string()).meta({ description: 'scheduled jobs run on the way (daily close, monthly clearings)' }),
  })
  .meta({ id: 'Clock' });

export const devRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/dev/clock/advance',
    summary: 'Simulation mode only: move the clock forward (timers due in between fire)',
    tags: ['simulation'],
    access: ['ADMIN'],
    body: advanceBody,
    responses: { 200: { description: 'the clock before and after', schema: clockSchema }, ...commonErrorResponses },
    handler: async ({ ctx, body }) => {
      if (!ctx.config.SIMULATION_MODE || !ctx.clock.advance) {
        throw new DomainError('ROUTE_NOT_FOUND', { path: '/api/v1/dev/clock/advance', hint: 'start with --simulate' });
      }
      const from = await ctx.clock.nowMs();
      const target = addDurationToInstant(from, parseIsoDuration(body.duration));
      // The time-skipping server has no Schedule API: the jobs that fall due on the way run here.
      const { toMs: to, ran } = await advanceClockRunningJobs(ctx, target);
      return { status: 200, body: { from: formatShanghaiTimestamp(from), to: formatShanghaiTimestamp(to), advancedMs: to - from, ran } };
    },
  }),
  clearingRunRoute,
];
