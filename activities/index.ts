import type { ActivityDeps } from './deps';
import { createFilingActivities } from './filingActivities';
import { createInquiryActivities } from './inquiryActivities';
import { createRecoveryActivities } from './recoveryActivities';
import { createPersonActivities } from './personActivities';
import { createClearingActivities } from './clearingActivities';
import { createAdvanceActivities } from './advanceActivities';
import { createMonitoringActivities } from './monitoringActivities';
import { createImportActivities } from './importActivities';

/** Every activity the worker registers, bound to this process's connections. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createFilingActivities(deps),
    ...createInquiryActivities(deps),
    ...createRecoveryActivities(deps),
    ...createPersonActivities(deps),
    ...createClearingActivities(deps),
    ...createAdvanceActivities(deps),
    ...createMonitoringActivities(deps),
    ...createImportActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
