// The engine's schedules (P-2, M-1, M-2), registered by the API at start-up, idempotently (any
// number of API processes may start; the schedule is created once and brought up to date after):
//  - <task queue>:clearing-monthly-<region>: on each region policy's clearing start day at 00:00 Asia/Shanghai,
//    the monthly clearing run of the month before for that policy's pairs;
//  - <task queue>:daily-close: every day at 00:30 Asia/Shanghai, the daily job for the day just ended.
// Temporal's Java time-skipping test server (simulation mode, tests) does not implement the
// Schedule API (CreateSchedule answers UNIMPLEMENTED), so there the clock advance runs the same
// jobs when they fall due (api/services/simulatedSchedules.ts), with the same inputs.
import type { Client, ScheduleOptions } from '@temporalio/client';
import type { Config } from '../../config';
import type { PolicyRegistry } from '../../policies/registry';

export const DAILY_CLOSE_MINUTE = 30;
/** Schedule ids carry the task queue: engines (or tests) sharing one Temporal namespace keep their own. */
export const dailyCloseScheduleId = (taskQueue: string): string => `${taskQueue}:daily-close`;
export const monthlyClearingScheduleId = (taskQueue: string, policyRegion: string): string =>
  `${taskQueue}:clearing-monthly-${policyRegion}`;

/** The day of month each region policy starts its clearings (P-2, section 9: the 5th). */
export function clearingStartDays(policies: PolicyRegistry): Array<{ policyRegion: string; startDay: number }> {
  return policies.regions().map((region) => ({ policyRegion: region, startDay: policies.forRegion(region).clearing.clearing.startDay }));
}

export function scheduleOptions(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>, policies: PolicyRegistry): ScheduleOptions[] {
  const taskQueue = config.TEMPORAL_TASK_QUEUE;
  const common = { policies: { overlap: 'SKIP' as const, catchupWindow: '7 days' as const } };
  return [
    {
      scheduleId: dailyCloseScheduleId(taskQueue),
      spec: { calendars: [{ hour: 0, minute: DAILY_CLOSE_MINUTE }], timezone: 'Asia/Shanghai' },
      action: { type: 'startWorkflow', workflowType: 'dailyCloseWorkflow', taskQueue, workflowId: 'DAILY-CLOSE', args: [{}] },
      memo: { rule: 'M-2, M-1, P-2 settlement uploads' },
      ...common,
    },
    ...clearingStartDays(policies).map(({ policyRegion, startDay }) => ({
      scheduleId: monthlyClearingScheduleId(taskQueue, policyRegion),
      spec: { calendars: [{ dayOfMonth: startDay, hour: 0, minute: 0 }], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow' as const,
        workflowType: 'clearingRunWorkflow',
        taskQueue,
        workflowId: `CLEARING-RUN-${policyRegion}`,
        args: [{ policyRegion }],
      },
      memo: { rule: 'P-2' },
      ...common,
    })),
  ];
}

/** Creates each schedule, or brings an existing one up to date; the same on every start. */
export async function registerSchedules(
  client: Client,
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>,
  policies: PolicyRegistry,
): Promise<string[]> {
  const ids: string[] = [];
  for (const options of scheduleOptions(config, policies)) {
    try {
      await client.schedule.create(options);
    } catch (err) {
      if ((err as { name?: string }).name !== 'ScheduleAlreadyRunning') throw err;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: { ...previous.policies, ...options.policies },
      }));
    }
    ids.push(options.scheduleId);
  }
  return ids;
}
