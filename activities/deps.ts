// What activities need from the process hosting them (worker.ts, or a test worker), handed in
// by createActivities. Activities read no environment and import nothing from api/: a test
// builds them from fakes, the worker from config.ts.
import type mongoose from 'mongoose';
import type { Clock } from '../clock';
import type { PolicyRegistry } from '../policies/registry';
import type { AgencyClient } from './agencyClient';
import type { ClearingAgencyClient } from './clearingAgency';

export interface ActivityDeps {
  db: mongoose.Connection;
  /** The treatment-region agencies, the provincial agency and finance. */
  agency: AgencyClient;
  /** Region policy data (POLICY_DIR), loaded and validated once per process. */
  policies: PolicyRegistry;
  clock: Clock;
  /** P-2, P-3, P-5: settlement uploads, clearing lists and applications, notices (absent: those activities fail). */
  clearingAgency?: ClearingAgencyClient;
}
