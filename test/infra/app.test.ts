// test/setup/stackEnv.ts startApp(): worker + API as child processes against globalSetup's
// servers, on the Temporal dev server and (simulate) on a time-skipping server of its own.
import { api, DEV_API_KEYS, startApp, type TestApp } from '../setup/stackEnv';

describe('startApp', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
  });

  it('starts worker and API (dev server and simulation mode side by side)', async () => {
    const [dev, sim] = await Promise.all([startApp(), startApp({ simulate: true })]);
    apps.push(dev, sim);

    expect(dev.env.TEMPORAL_ADDRESS).toBe(process.env.TEMPORAL_ADDRESS);
    expect(sim.env.TEMPORAL_ADDRESS).not.toBe(process.env.TEMPORAL_ADDRESS);
    expect(sim.env.SIMULATION_MODE).toBe('true');
    expect(dev.env.MONGODB_URI).not.toBe(sim.env.MONGODB_URI);
    for (const app of [dev, sim]) {
      expect((await api(app, 'GET', '/healthz')).status).toBe(200);
      expect((await api(app, 'GET', '/readyz')).status).toBe(200);
      expect(app.workers).toHaveLength(1);
      expect(app.workers[0].exit).toBeUndefined();
    }
    // the clock endpoint exists only in simulation mode (API.md)
    const advance = { key: DEV_API_KEYS.admin.key, body: { duration: 'P1D' } };
    expect((await api(dev, 'POST', '/api/v1/dev/clock/advance', advance)).status).toBe(404);
    expect((await api(sim, 'POST', '/api/v1/dev/clock/advance', advance)).status).toBeLessThan(300);
  });

  it('stop() ends both processes', async () => {
    const app = apps.pop()!;
    await app.stop();
    expect(app.api.exit).toBeDefined();
    expect(app.workers[0].exit).toBeDefined();
  });
});
