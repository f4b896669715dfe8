import type { ActivityOptions } from '@temporalio/workflow';

/** Database writes: short, retried with back-off for as long as the database is away. */
export const persistenceActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1m' },
};

/** Calls to other agencies' systems: bounded attempts per call, then the workflow decides. */
export const agencyActivity: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: '20s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: ['AGENCY_REJECTED'] },
};
