// globalSetup's servers answer on the addresses it exported.
import { pingMongo } from '../../scripts/servers/ferret';
import { httpOk } from '../../scripts/servers/process';
import { probeTemporal } from '../../scripts/servers/temporalDev';
import { appEnv } from '../setup/stackEnv';

describe('test stack servers', () => {
  it('exports every address', () => {
    for (const name of ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'AGENCY_API_URL', 'TEST_DATA_DIR']) {
      expect(process.env[name]).toBeTruthy();
    }
  });

  it('Temporal dev server serves the default namespace', async () => {
    await probeTemporal(process.env.TEMPORAL_ADDRESS!, 'default');
  });

  it('FerretDB answers ping', async () => {
    await pingMongo(process.env.MONGODB_URI!);
  });

  it('agency simulator is healthy', async () => {
    await httpOk(`${process.env.AGENCY_API_URL}/healthz`);
  });

  it('appEnv isolates database and task queue per call', () => {
    const a = appEnv();
    const b = appEnv();
    expect(a.MONGODB_URI).not.toBe(b.MONGODB_URI);
    expect(a.TEMPORAL_TASK_QUEUE).not.toBe(b.TEMPORAL_TASK_QUEUE);
    expect(a.MONGODB_URI!.startsWith(process.env.MONGODB_URI!.replace(/\/[^/]*$/, '/'))).toBe(true);
    expect(appEnv({ simulate: true, temporalAddress: '127.0.0.1:1' }).SIMULATION_MODE).toBe('true');
    expect(() => appEnv({ simulate: true })).toThrow(/temporalAddress/);
  });
});
