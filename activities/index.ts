import type { ActivityDeps } from './deps';
import { createFilingActivities } from './filingActivities';
import { createInquiryActivities } from './inquiryActivities';
import { createRecoveryActivities } from './recoveryActivities';
import { createPersonActivities } from './personActivities';

/** Every activity the worker registers, bound to this process's connections. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createFilingActivities(deps),
    ...createInquiryActivities(deps),
    ...createRecoveryActivities(deps),
    ...createPersonActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
