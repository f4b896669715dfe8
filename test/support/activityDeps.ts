// The activities' dependencies as the worker builds them, for tests that run the real
// activities: the test database, the agency simulator of this run, the shipped policies.
import type mongoose from 'mongoose';
import { systemClock } from '../../clock';
import { createAgencyClient } from '../../activities/agencyClient';
import { createClearingAgencyClient } from '../../activities/clearingAgency';
import type { ActivityDeps } from '../../activities/deps';
import { loadTestPolicies } from './policies';

export function realActivityDeps(
  db: mongoose.Connection,
  overrides: Partial<ActivityDeps> & { agencyTimeoutMs?: number } = {},
): ActivityDeps {
  const { agencyTimeoutMs = 5000, ...rest } = overrides;
  const baseUrl = process.env.AGENCY_API_URL;
  if (!baseUrl) throw new Error('AGENCY_API_URL is not set: run in the `stack` Jest project');
  return {
    db,
    agency: createAgencyClient({ baseUrl, timeoutMs: agencyTimeoutMs }),
    clearingAgency: createClearingAgencyClient({ baseUrl, timeoutMs: agencyTimeoutMs }),
    policies: loadTestPolicies(),
    clock: systemClock,
    ...rest,
  };
}
