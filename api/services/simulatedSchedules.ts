// Simulation mode (`npm start -- --simulate`): the time-skipping server has no Schedule API, so
// moving the clock runs the scheduled jobs that fall due on the way, each at its own instant and
// in order, with the inputs the schedules give them (api/services/schedules.ts):
//  - 00:30 every day: the daily job for the day just ended (error report, settlement upload,
//    and on a month's last day the monitoring warnings);
//  - 00:00 on each region policy's clearing start day: one clearing per pair of that policy for
//    the month before (started directly: the monthly run's children would stall time skipping).
// The clock stops at each job, the job runs (the clearing until it has reconciled), then time
// moves on, so reminders, due days and escalations of the new cases fire on the way as well.
import { addDays, isoDateInShanghai, MS_PER_DAY, shanghaiMidnightEpochMs } from '../../domain/time';
import { previousPeriod } from '../../domain/clearing/periods';
import { clearingPairsOf } from '../../models/clearingPairs';
import { clearingViewModel } from '../../models/clearing';
import type { ClearingDocument } from '../../workflows/clearing/definitions';
import type { dailyCloseWorkflow } from '../../workflows/daily/workflow';
import type { AppContext } from '../context';
import { startClearing } from './clearings';
import { clearingStartDays, DAILY_CLOSE_MINUTE } from './schedules';

export type DueJob =
  { atMs: number; kind: 'DAILY'; day: string } | { atMs: number; kind: 'CLEARING'; policyRegion: string; period: string };

/** The jobs whose instant falls in (fromMs, toMs], in the order they run. */
export function dueJobs(fromMs: number, toMs: number, startDays: Array<{ policyRegion: string; startDay: number }>): DueJob[] {
  const jobs: DueJob[] = [];
  const last = isoDateInShanghai(toMs);
  for (let day = isoDateInShanghai(fromMs); day <= last; day = addDays(day, 1)) {
    const midnight = shanghaiMidnightEpochMs(day);
    for (const { policyRegion, startDay } of startDays) {
      if (Number(day.slice(8, 10)) === startDay)
        jobs.push({ atMs: midnight, kind: 'CLEARING', policyRegion, period: previousPeriod(day.slice(0, 7)) });
    }
    jobs.push({ atMs: midnight + DAILY_CLOSE_MINUTE * 60_000, kind: 'DAILY', day: addDays(day, -1) });
  }
  return jobs.filter((j) => j.atMs > fromMs && j.atMs <= toMs).sort((a, b) => a.atMs - b.atMs || a.kind.localeCompare(b.kind));
}

const RECONCILE_WAIT_MS = 30_000;

async function settled(ctx: AppContext, clearingId: string): Promise<void> {
  const until = Date.now() + RECONCILE_WAIT_MS;
  while (Date.now() < until) {
    const row = await clearingViewModel(ctx.db).findById(clearingId, { document: 1 }).lean();
    const doc = row?.document as ClearingDocument | undefined;
    if (doc && (doc.reconciliation.reconciledOn !== null || doc.status !== 'RECONCILING')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  ctx.logger.warn('simulated clearing still reconciling; the clock moves on', { clearingId });
}

async function runJob(ctx: AppContext, job: DueJob): Promise<string> {
  if (job.kind === 'DAILY') {
    await ctx.temporal.workflow.execute<typeof dailyCloseWorkflow>('dailyCloseWorkflow', {
      workflowId: `DAILY-CLOSE-${job.day}`,
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      args: [{ day: job.day }],
    });
    return `daily-close ${job.day}`;
  }
  const pairs = await clearingPairsOf(ctx.db, ctx.policies, job.period, job.policyRegion);
  const ids: string[] = [];
  for (const pair of pairs) {
    const { clearing } = await startClearing(ctx, { ...pair, period: job.period });
    await settled(ctx, clearing.id);
    ids.push(clearing.id);
  }
  return `clearing ${job.period} (${job.policyRegion}): ${ids.length ? ids.join(', ') : 'no pairs'}`;
}

/** Moves the simulated clock to `targetMs`, running every job that falls due on the way. */
export async function advanceClockRunningJobs(ctx: AppContext, targetMs: number): Promise<{ fromMs: number; toMs: number; ran: string[] }> {
  const clock = ctx.clock;
  if (!clock.advance) throw new Error('this clock cannot be moved');
  const fromMs = await clock.nowMs();
  const ran: string[] = [];
  // M-2: a simulated day passes in milliseconds, far inside the tally's flush interval, so the
  // rejections counted so far are stored before a daily job reads them.
  await ctx.rejections.flush();
  for (const job of dueJobs(fromMs, targetMs, clearingStartDays(ctx.policies))) {
    const now = await clock.nowMs();
    if (job.atMs > now) await clock.advance(job.atMs - now);
    try {
      ran.push(await runJob(ctx, job));
    } catch (err) {
      ctx.logger.warn('simulated scheduled job failed', { job, error: err instanceof Error ? err.message : String(err) });
      ran.push(
        `${job.kind === 'DAILY' ? `daily-close ${job.day}` : `clearing ${job.period}`} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const now = await clock.nowMs();
  const toMs = targetMs > now ? await clock.advance(targetMs - now) : now;
  return { fromMs, toMs, ran };
}

export { MS_PER_DAY };
