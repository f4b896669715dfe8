// The daily job (M-2, M-1, P-2), started by a Temporal Schedule at 00:30 Asia/Shanghai (in
// simulation by the clock advance): for the day just ended, keep its error report, upload its
// settlement list to the treatment agencies (结算清单上传), and on a month's last day raise the
// month's monitoring warnings. Each step is idempotent, so running a day twice changes nothing.
import * as wf from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyActivity, persistenceActivity } from '../activityOptions';
import { failureMessage } from '../failures';
import { addDays, isoDateInShanghai } from '../../domain/time';
import { lastDayOf } from '../../domain/clearing/periods';

const store = wf.proxyActivities<Activities>(persistenceActivity);
const agency = wf.proxyActivities<Activities>({ ...agencyActivity, retry: { ...agencyActivity.retry, maximumAttempts: 5 } });

export interface DailyCloseInput {
  /** The day to close; default: yesterday (the schedule runs just after midnight). */
  day?: string;
}

export interface DailyCloseResult {
  day: string;
  errors: number;
  uploaded: { settlements: number; reversals: number } | { error: string };
  monitoring: { indicators: number; raised: string[] } | null;
}

export async function dailyCloseWorkflow(input: DailyCloseInput = {}): Promise<DailyCloseResult> {
  const day = input.day ?? addDays(isoDateInShanghai(Date.now()), -1);
  const report = await store.buildDailyErrorReport({ day });
  let uploaded: DailyCloseResult['uploaded'];
  try {
    uploaded = await agency.uploadSettlementsOfDay({ day });
  } catch (err) {
    // The agencies will miss that day's list: reconciliation will show the difference (P-2).
    uploaded = { error: failureMessage(err) };
    await store.recordCaseFailure({
      failureId: `DAILY-${day}:upload`,
      code: 'AGENCY_UNAVAILABLE',
      caseType: 'DAILY',
      caseId: `DAILY-${day}`,
      regions: [],
      error: uploaded.error,
    });
  }
  const monitoring = day === lastDayOf(day.slice(0, 7)) ? await store.evaluateMonitoring({ period: day.slice(0, 7) }) : null;
  return { day, errors: report.total, uploaded, monitoring };
}
