// X-3 at the scale of a real migration, on the time-skipping server through the API alone: a few
// hundred filings from the old system (pending commitments, some with fund already paid under them,
// temporaries, open-ended long-term filings) are imported with their original dates, and the clock
// is moved seven months in two steps. Every deadline fires on the day the old system set for it
// (T-4): the timeline entry of each lapse and expiry is stamped with workflow time, the moment its
// timer fired, so its date is checked against the day after the deadline, filing by filing.
import { startApp, api, DEV_API_KEYS, type TestApp } from '../setup/stackEnv';
import { commitmentFiling, longTermFiling, temporaryFiling } from '../support/filingRequests';
import { addDays, isoDateInShanghai, validThrough } from '../../domain/time';
import type { FilingApplication } from '../../domain/filing/types';
import { importedFilingId } from '../../api/services/imports';

const clerk220000 = DEV_API_KEYS.clerk220000.key;
const clerk440800 = DEV_API_KEYS.clerk440800.key;
const admin = DEV_API_KEYS.admin.key;

const COMMITMENTS = 120;
const TEMPORARIES = 120;
const LONG_TERM = 40;
/** Commitments with fund paid under them in the old system: their lapse opens a recovery. */
const PAID_EVERY = 12;

type Line = FilingApplication & { sourceId: string; validFrom: string; fundPaidUnderCommitmentFen?: number };

interface Expected {
  line: Line;
  key: string;
  /** The last day the old system's filing holds (inclusive), null for an open-ended one. */
  deadline: string | null;
  ends: 'LAPSED' | 'EXPIRED' | null;
  event: 'COMMITMENT_LAPSED' | 'EXPIRED' | null;
  id?: string;
}

const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('a migration of a few hundred filings keeps every deadline on its original date (X-3, T-4, time-skipping)', () => {
  let app: TestApp;
  const run = `${process.pid}-${Date.now()}`;
  const today = isoDateInShanghai(Date.now());
  const expected: Expected[] = [];

  beforeAll(async () => {
    app = await startApp({ simulate: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function postImport(key: string, lines: Line[]) {
    const res = await fetch(`${app.baseUrl}/api/v1/imports/filings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', 'idempotency-key': `mig-${run}-${key}` },
      body: ndjson(lines),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function filing(e: Expected) {
    const res = await api(app, 'GET', `/api/v1/filings/${e.id}`, { key: e.key });
    return res.status === 200 ? res.body : null;
  }

  /** Polls every filing until `done` holds for all of them; answers their last reads. */
  async function untilAll(items: Expected[], done: (f: any, e: Expected) => boolean, what: string): Promise<Map<Expected, any>> {
    const last = new Map<Expected, any>();
    let pending = items;
    for (let round = 0; round < 240 && pending.length; round += 1) {
      if (round) await new Promise((r) => setTimeout(r, 250));
      const next: Expected[] = [];
      for (const e of pending) {
        const f = await filing(e);
        if (f) last.set(e, f);
        if (!f || !done(f, e)) next.push(e);
      }
      pending = next;
    }
    if (pending.length) {
      const sample = pending.slice(0, 3).map((e) => ({ sourceId: e.line.sourceId, deadline: e.deadline, now: last.get(e)?.status }));
      throw new Error(`${pending.length} filings never ${what}: ${JSON.stringify(sample)}`);
    }
    return last;
  }

  async function advance(duration: string): Promise<string> {
    const moved = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: admin, body: { duration } });
    expect(moved.status).toBe(200);
    return String(moved.body.to).slice(0, 10);
  }

  it('X-3, F-2, F-7, T-4: every commitment lapses and every temporary expires on the day after its original last day; long-term filings stay', async () => {
    // Original starts spread day by day over the last four months, so deadlines fall on ~120 different days.
    for (let i = 0; i < COMMITMENTS; i += 1) {
      const validFrom = addDays(today, -(5 + i));
      const line: Line = {
        ...commitmentFiling(),
        sourceId: `JL-${run}-${i}`,
        validFrom,
        ...(i % PAID_EVERY === 0 ? { fundPaidUnderCommitmentFen: 10_000 + i } : {}),
      };
      expected.push({ line, key: clerk220000, deadline: validThrough(validFrom, 6), ends: 'LAPSED', event: 'COMMITMENT_LAPSED' });
    }
    for (let i = 0; i < TEMPORARIES; i += 1) {
      const validFrom = addDays(today, -(3 + i));
      const line: Line = { ...temporaryFiling(), sourceId: `ZJ-${run}-T${i}`, validFrom };
      expected.push({ line, key: clerk440800, deadline: validThrough(validFrom, 6), ends: 'EXPIRED', event: 'EXPIRED' });
    }
    for (let i = 0; i < LONG_TERM; i += 1) {
      const line: Line = { ...longTermFiling(), sourceId: `ZJ-${run}-L${i}`, validFrom: addDays(today, -(30 + 7 * i)) };
      expected.push({ line, key: clerk440800, deadline: null, ends: null, event: null });
    }

    // Two agencies migrate their own records, each in one streamed file.
    for (const key of [clerk220000, clerk440800]) {
      const mine = expected.filter((e) => e.key === key);
      const res = await postImport(
        key,
        mine.map((e) => e.line),
      );
      expect({ status: res.status, progress: res.body.progress, rejections: res.body.rejections?.total }).toEqual({
        status: 202,
        progress: { read: mine.length, accepted: mine.length, rejected: 0, started: mine.length, alreadyImported: 0 },
        rejections: 0,
      });
    }
    // Each source record's case id is derived from it (the same record always reaches the same case).
    for (const e of expected) e.id = importedFilingId(e.line.insuredRegion, e.line.sourceId);
    const opened = await untilAll(expected, (f) => f.status !== undefined, 'opened');
    for (const e of expected) {
      const f = opened.get(e);
      expect({ sourceId: e.line.sourceId, validFrom: f.validFrom }).toEqual({ sourceId: e.line.sourceId, validFrom: e.line.validFrom });
      if (e.ends === 'LAPSED') expect(f).toMatchObject({ status: 'COMMITMENT_PENDING', commitmentDeadline: e.deadline });
      if (e.ends === 'EXPIRED') expect(f).toMatchObject({ status: 'ACTIVE', validUntil: e.deadline });
      if (e.ends === null) expect(f).toMatchObject({ status: 'ACTIVE', validUntil: null });
    }

    // Four months on: exactly the filings whose last day has passed have ended, the others hold.
    const midway = await advance('P4M');
    const passed = (e: Expected) => e.deadline !== null && e.deadline < midway;
    expect(expected.filter(passed).length).toBeGreaterThan(20);
    expect(expected.filter((e) => e.ends && !passed(e)).length).toBeGreaterThan(20);
    await untilAll(expected.filter(passed), (f, e) => f.status === e.ends, 'ended by the midway date');
    for (const e of expected.filter((x) => !passed(x) && x.deadline !== null && x.deadline > midway)) {
      const f = await filing(e);
      expect({ sourceId: e.line.sourceId, status: f.status }).toEqual({
        sourceId: e.line.sourceId,
        status: e.ends === 'LAPSED' ? 'COMMITMENT_PENDING' : 'ACTIVE',
      });
    }

    // Three more months: every deadline has passed.
    const end = await advance('P3M');
    expect(expected.every((e) => e.deadline === null || e.deadline < end)).toBe(true);
    const ended = await untilAll(expected, (f, e) => (e.ends ? f.status === e.ends : f.status === 'ACTIVE'), 'reached their end');
    for (const e of expected.filter((x) => x.ends)) {
      const f = ended.get(e);
      const fired = f.events.find((ev: { type: string }) => ev.type === e.event);
      // The timer fired on the day after the original last day, not a day sooner or later.
      expect({ sourceId: e.line.sourceId, firedOn: fired && isoDateInShanghai(Date.parse(fired.at)) }).toEqual({
        sourceId: e.line.sourceId,
        firedOn: addDays(e.deadline!, 1),
      });
    }
    // F-7: fund the old system paid under a lapsed commitment is recovered, to the fen.
    for (const e of expected.filter((x) => x.line.fundPaidUnderCommitmentFen)) {
      const f = ended.get(e);
      expect(f.recoveryId).toEqual(expect.any(String));
      const recovery = await api(app, 'GET', `/api/v1/recoveries/${f.recoveryId}`, { key: clerk220000 });
      expect({ status: recovery.status, amountFen: recovery.body.amountFen }).toEqual({
        status: 200,
        amountFen: e.line.fundPaidUnderCommitmentFen,
      });
    }
  }, 600_000);
});
