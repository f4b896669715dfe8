// Timeouts and retries of every activity a workflow calls. None of these activities runs long
// (one database write, or one HTTP call bounded by AGENCY_HTTP_TIMEOUT_MS), so none heartbeats
// and none sets a heartbeat timeout; startToClose bounds each attempt.
import type { ActivityOptions } from '@temporalio/workflow';

/** Database writes: short, retried with back-off for as long as the database is away. */
export const persistenceActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m' },
};

/** Calls to other agencies' systems: bounded attempts per call, then the workflow decides. */
export const agencyActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: ['AGENCY_REJECTED'] },
};
