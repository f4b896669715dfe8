// every recorded filing history must replay on today's workflow code without a
// non-determinism error, so a change that would break running cases (they live for months)
// fails CI. Guard intended changes with wf.patched() and record new histories.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromFile } from './historyFile';
import { workflowBundle } from '../support/workflowBundle';

const DIR = path.join(__dirname, 'histories');
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.startsWith('filing-') && f.endsWith('.json'))
  .sort();

describe('X-2: filing workflow replays its recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
