// Simulation mode (training and acceptance): on the time-skipping server, a person watches a
// deadline fire through the API alone: a 220000 commitment filing lapses once the clock is
// moved six months (F-6, F-7, T-4).
import { startApp, api, DEV_API_KEYS, type TestApp } from '../setup/stackEnv';
import { commitmentFiling } from '../support/filingRequests';
import { newPersonId } from '../support/people';

describe('simulation mode clock', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ simulate: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('F-7: POST /api/v1/dev/clock/advance P6M makes a pending commitment lapse, visible through GET', async () => {
    const clerk = DEV_API_KEYS.clerk220000.key;
    const filed = await api(app, 'POST', '/api/v1/filings', { key: clerk, body: commitmentFiling() });
    // The whole answer on failure: a refusal names its catalogue code.
    expect({ status: filed.status, body: filed.body }).toMatchObject({ status: 201, body: { status: 'COMMITMENT_PENDING' } });

    const refused = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: clerk, body: { duration: 'P6M' } });
    expect(refused.status).toBe(403);
    const bad = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: DEV_API_KEYS.admin.key, body: { duration: 'six months' } });
    expect(bad.status).toBe(400);

    const moved = await api(app, 'POST', '/api/v1/dev/clock/advance', { key: DEV_API_KEYS.admin.key, body: { duration: 'P6M' } });
    expect(moved.status).toBe(200);
    expect(moved.body.to.slice(0, 10) > filed.body.commitmentDeadline).toBe(true);

    let status = '';
    for (let i = 0; i < 100 && status !== 'LAPSED'; i += 1) {
      status = (await api(app, 'GET', `/api/v1/filings/${filed.body.id}`, { key: clerk })).body.status;
      if (status !== 'LAPSED') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('LAPSED');
    const lapsed = (await api(app, 'GET', `/api/v1/filings/${filed.body.id}`, { key: clerk })).body;
    expect(lapsed.events.map((e: { type: string }) => e.type)).toContain('COMMITMENT_LAPSED');

    // F-7 (220000): the person may never again use commitment filing.
    const again = await api(app, 'POST', '/api/v1/filings', { key: clerk, body: commitmentFiling({ personId: filed.body.personId }) });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('FILING_COMMITMENT_BARRED');

    // a new ID number does not lift the bar: the person is the same.
    const newId = newPersonId();
    const renumbered = await api(app, 'POST', `/api/v1/persons/${filed.body.personId}/renumber`, {
      key: clerk,
      body: { newPersonId: newId },
    });
    expect(renumbered.status).toBe(200);
    const underNewNumber = await api(app, 'POST', '/api/v1/filings', { key: clerk, body: commitmentFiling({ personId: newId }) });
    expect(underNewNumber.status).toBe(422);
    expect(underNewNumber.body.error.code).toBe('FILING_COMMITMENT_BARRED');
  });
});
