// Issue 14 item 8: the production topology, tested. Temporal's own server (built from Go) on
// Debian's PostgreSQL with its SQL schema, FerretDB and the agency simulator (the run's, from
// globalSetup), two worker processes and two API processes on one task queue; filings,
// settlements and an inquiry through both APIs, one worker and one API killed with SIGKILL
// halfway. `npm run topology` runs the same on servers of its own (scripts/topology.ts).
import path from 'node:path';
import { runLoad, type LoadReport } from '../../scripts/topology/load';
import { startTopology, type Topology } from '../../scripts/topology/start';
import { verify, type Verdict } from '../../scripts/topology/verify';
import { uniqueName } from '../setup/stackEnv';

jest.setTimeout(420_000);

const say = (line: string) => process.stdout.write(`[topology] ${line}\n`);

let topology: Topology | undefined;
let load: LoadReport;
let verdict: Verdict;

beforeAll(async () => {
  topology = await startTopology({
    dataDir: path.join(process.env.TEST_DATA_DIR!, uniqueName('topology')),
    mongoUri: process.env.MONGODB_URI!,
    agencyUrl: process.env.AGENCY_API_URL!,
    dbName: uniqueName('topology').slice(0, 63),
    unref: true,
    say,
  });
  load = await runLoad(topology, { say });
  verdict = await verify(topology, load);
  say(
    `${load.filings.length + load.settlements.length + 1} requests in ${load.seconds.toFixed(1)} s; attempts by status ${JSON.stringify(verdict.statuses)}; failed over: ${verdict.failedOver}`,
  );
});

afterAll(async () => {
  await topology?.stop();
});

describe('production topology: Temporal server on PostgreSQL, 2 workers + 2 APIs, SIGKILL mid-load', () => {
  it('runs on Temporal’s own server, not the dev server, with both APIs and both workers up before the kill', () => {
    expect(topology!.env.TEMPORAL_ADDRESS).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(Object.keys(topology!.startup)).toEqual(
      expect.arrayContaining(['postgres', 'temporal-server', 'api-a', 'api-b', 'worker-a', 'worker-b']),
    );
    expect(topology!.workers[0].exit?.signal).toBe('SIGKILL');
    expect(topology!.apis[0].exit?.signal).toBe('SIGKILL');
    expect(topology!.workers[1].exit).toBeUndefined();
    expect(topology!.apis[1].exit).toBeUndefined();
  });

  it('no request was ever answered 500, and every one got its 201', () => {
    expect(verdict.statuses['500']).toBeUndefined();
    const outcomes = [...load.filings, ...load.settlements, load.inquiry];
    expect(outcomes.filter((o) => o.status !== 201).map((o) => `${o.label}: ${o.status}`)).toEqual([]);
  });

  it('requests that found the killed API gone were answered by the other one, with the same Idempotency-Key', () => {
    expect(verdict.failedOver).toBeGreaterThan(0);
  });

  it('F-*, S-5, I-1: every filing is one ACTIVE case, every settlement stored once, the inquiry one case; the books balance', () => {
    expect(verdict.problems).toEqual([]);
    expect(verdict.filingWorkflows).toBe(load.filings.length);
    expect(verdict.books.balanced).toBe(true);
    expect(verdict.books.checked.settlements).toBe(load.settlements.length);
  });
});
