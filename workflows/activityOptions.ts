// Timeouts and retries of every activity a workflow calls. None of these activities runs long
// (one database write, or one HTTP call bounded by AGENCY_HTTP_TIMEOUT_MS), so none heartbeats
// and none sets a heartbeat timeout; startToClose bounds each attempt.
//
// these options are not part of a workflow's commands as replay compares them (activity
// type and id are), so changing them changes no running case's history: the next activity a
// running case schedules simply gets the new options (`npx jest test/replay`).
import type { ActivityOptions } from '@temporalio/workflow';

/** Database writes: short, retried with back-off for as long as the database is away. */
export const persistenceActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m' },
};

/**
 * Calls to other agencies' systems (notices, reminders, escalations, uploads): bounded attempts
 * and a schedule-to-close bound per call, then the activity fails and the workflow records the
 * failure on the case (AGENCY_NOTICE_FAILED, REMINDER_FAILED, ESCALATION_FAILED, ...) and
 * carries on. So an agency that is down holds a case's own deadlines back by one bounded call at
 * most (10 attempts 30 s each, 1 s doubling to 5 min apart: about 15 minutes), never until it
 * comes back (issue 14, item 6; test/workflows/agencyDown.test.ts). The schedule-to-close bound
 * (3 h) also caps the callers that widen an attempt (the clearing's bulk steps: 5 x 30 min).
 * A refusal (4xx) is not retried at all: AGENCY_REJECTED (activities/agencyHttp.ts).
 */
export const agencyActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '3h',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '5m',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['AGENCY_REJECTED'],
  },
};

/**
 * Money moves with finance that a case cannot go on without (the recovery transfer, RC-1, and
 * its reconciliation, RC-4): retried with back-off until finance answers, because giving up would
 * fail the case with the money in between. Safe to repeat: the transfer carries one transferId
 * and an idempotency key, reconciliation only reads. No case deadline waits behind these: the
 * recovery's deadlines are over once it has collected. A refusal is still not retried.
 */
export const financeActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: ['AGENCY_REJECTED'] },
};
