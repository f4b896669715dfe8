// What the console's browser tests need from a simulation-mode app (SIMULATION_MODE on a
// time-skipping server of its own) to put a case in front of a user: its clock, moving it (the
// daily jobs that fall due run on the way), and the agency simulator's fault switch that spoils a
// period's clearing list. The API tests (test/api/clearings.test.ts, monitoring.test.ts) do the same.
import { addPeriods } from '../../domain/clearing/periods';
import { api, DEV_API_KEYS, type TestApp } from '../setup/stackEnv';

const ADMIN = DEV_API_KEYS.admin.key;

/** The simulated clock now, as the API answers it: ISO 8601 with +08:00. */
export async function simulatedNow(app: TestApp): Promise<string> {
  const res = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: ADMIN, body: { duration: 'PT0S' } });
  if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.to as string;
}

/** Moves the clock to `date` at `hour`:00 Asia/Shanghai; answers the jobs that ran on the way. */
export async function advanceTo(app: TestApp, date: string, hour: number): Promise<string[]> {
  const ms = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`) - Date.parse(await simulatedNow(app));
  if (ms <= 0) throw new Error(`the clock is already past ${date} ${hour}:00`);
  const res = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: ADMIN, body: { duration: `PT${Math.ceil(ms / 1000)}S` } });
  if (res.status !== 200) throw new Error(`clock advance: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.ran as string[];
}

/**
 * A clearing period no scheduled job of any test reaches: two months before the clock. The
 * simulated monthly run (on the 5th) clears the month before it, and simulated clocks start at
 * today and only move forward. The agency simulator is shared by every test file of a run.
 */
export function untouchedPeriod(now: string): string {
  return addPeriods(now.slice(0, 7), -2);
}

/** The treatment agency's list of a pair's period, spoiled: `add` lines of its own (ONLY_THEIRS). */
export async function spoilAgencyList(
  app: TestApp,
  fault: { insuredRegion: string; treatmentRegion: string; period: string; add?: number; drop?: number; change?: number },
): Promise<void> {
  const res = await fetch(`${app.env.AGENCY_API_URL}/__clearing/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (res.status !== 201) throw new Error(`agency simulator fault: ${res.status} ${await res.text()}`);
}
