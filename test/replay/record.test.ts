// Recorder, run only by `npm run record-histories` (its own jest config): drives each scenario
// and writes its history to test/replay/histories/. Commit new files when adding a scenario or
// before changing the workflow: the replay test then holds the change to them.
import fs from 'node:fs';
import path from 'node:path';
import { historyToFile } from './historyFile';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import { scenarios } from './scenarios';

const OUT = path.join(__dirname, 'histories');

describe('record filing workflow histories', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await startWorkflowHarness();
  });
  afterAll(async () => {
    await h?.teardown();
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('records %s', async (name, scenario) => {
    const handle = await scenario.run(h, `FIL-REPLAY-${name}`);
    const history = await handle.fetchHistory();
    expect(history.events?.length).toBeGreaterThan(5);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, `filing-${name}.json`), historyToFile(history));
  });
});
