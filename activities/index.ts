import type { ActivityDeps } from './deps';
import { createFilingActivities } from './filingActivities';

/** Every activity the worker registers, bound to this process's connections. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createFilingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
