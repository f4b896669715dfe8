// Activities in Temporal's MockActivityEnvironment, built by createActivities from fake
// dependencies: what they send to the agency systems (region, idempotency key), what they read
// from policy data, and that a cancelled activity stops waiting on a slow agency at once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import type mongoose from 'mongoose';
import { createActivities } from '../../../activities';
import { createAgencyClient, type AgencyClient } from '../../../activities/agencyClient';
import { systemClock } from '../../../clock';
import { loadTestPolicies } from '../../support/policies';

/** Activities here must not touch the database: the stub says so if one does. */
const noDatabase = new Proxy({} as mongoose.Connection, {
  get(_t, prop) {
    throw new Error(`activity touched the database (${String(prop)})`);
  },
});

function fakeAgency(calls: unknown[][]): AgencyClient {
  const receipt = async (...args: unknown[]) => {
    calls.push(args);
    return { received: true as const, receiptId: `R-${calls.length}` };
  };
  return {
    notifyInquiry: receipt,
    remindInquiry: receipt,
    escalate: receipt,
    notifyRecoveryDebtor: receipt,
    transferFunds: async () => {
      throw new Error('not in this test');
    },
    getCollection: async (recoveryId) => ({ recoveryId, confirmed: true, amountFen: 12_300 }),
    findTransfer: async () => null,
    getAccountBalance: async (account) => ({ account, balanceFen: 0 }),
  };
}

function activitiesWith(agency: AgencyClient) {
  return createActivities({ db: noDatabase, agency, policies: loadTestPolicies(), clock: systemClock });
}

describe('agency activities send what the workflow decided, with its key', () => {
  it('I-6: notifyInquiryAgency addresses the treatment region with the case key and answers the receipt', async () => {
    const calls: unknown[][] = [];
    const acts = activitiesWith(fakeAgency(calls));
    const notice = {
      inquiryId: 'INQ-1',
      kind: 'EXPENSE_INQUIRY' as const,
      insuredRegion: '220000',
      settlementId: 'STL-1',
      reason: '费用偏高',
      dueDate: '2026-12-26',
      period: '2026-12',
    };
    const result = await new MockActivityEnvironment().run(acts.notifyInquiryAgency, {
      region: '110000',
      notice,
      key: 'INQ-1:notify-inquiry',
    });
    expect(result).toEqual({ receiptId: 'R-1' });
    expect(calls).toEqual([['110000', notice, 'INQ-1:notify-inquiry']]);
  });

  it('RC-3: escalateCase goes to the agency it is given, with the escalation key', async () => {
    const calls: unknown[][] = [];
    const acts = activitiesWith(fakeAgency(calls));
    const escalation = { caseId: 'REC-AUD-1', caseType: 'RECOVERY', reason: 'overdue' };
    await new MockActivityEnvironment().run(acts.escalateCase, { region: '220000', escalation, key: 'REC-AUD-1:escalate:1' });
    expect(calls).toEqual([['220000', escalation, 'REC-AUD-1:escalate:1']]);
  });

  it('RC-3: checkCollection answers what finance confirmed', async () => {
    const acts = activitiesWith(fakeAgency([]));
    await expect(new MockActivityEnvironment().run(acts.checkCollection, { recoveryId: 'REC-AUD-2' })).resolves.toEqual({
      recoveryId: 'REC-AUD-2',
      confirmed: true,
      amountFen: 12_300,
    });
  });

  it('RC-3: recoveryTermsFor reads the debtor deadline from the insured region’s policy (30 days in section 9)', async () => {
    const acts = activitiesWith(fakeAgency([]));
    await expect(new MockActivityEnvironment().run(acts.recoveryTermsFor, { insuredRegion: '220100', on: '2026-06-01' })).resolves.toEqual({
      debtorDeadlineDays: 30,
    });
  });
});

describe('a cancelled activity stops waiting on a slow agency', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    // An agency that takes the request and never answers.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('RC-4: the HTTP call is aborted when Temporal cancels the activity, long before its own timeout', async () => {
    const acts = activitiesWith(createAgencyClient({ baseUrl, timeoutMs: 60_000 }));
    const env = new MockActivityEnvironment();
    const started = Date.now();
    const run = env.run(acts.notifyDebtor, {
      region: '110000',
      notice: { recoveryId: 'REC-AUD-3', amountFen: 100, dueDate: '2026-12-31', reason: 'audit' },
      key: 'REC-AUD-3:notify-debtor',
    });
    setTimeout(() => env.cancel(), 200);
    await expect(run).rejects.toBeDefined();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
