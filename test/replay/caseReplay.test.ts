// every recorded inquiry and recovery history must replay on today's workflow code without a
// non-determinism error: these cases run for months, so a change that would break one in flight
// fails CI. Guard intended changes with wf.patched() and record new histories
// (RECORD_SCENARIOS=inquiry,recovery npm run record-histories). Filing histories: filingReplay.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromFile } from './historyFile';
import { workflowBundle } from '../support/workflowBundle';

const DIR = path.join(__dirname, 'histories');
const all = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

const families = [
  { prefix: 'inquiry', workflowType: 'inquiryWorkflow', atLeast: 4 },
  { prefix: 'recovery', workflowType: 'recoveryWorkflow', atLeast: 3 },
];

describe.each(families)('X-2: $workflowType replays its recorded histories', ({ prefix, workflowType, atLeast }) => {
  const files = all.filter((f) => f.startsWith(`${prefix}-`));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(atLeast);
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
    expect(history.events?.length).toBeGreaterThan(5);
    // The file name picks the family; a mislabelled file would be replayed against the wrong code.
    expect(history.events![0].workflowExecutionStartedEventAttributes?.workflowType?.name).toBe(workflowType);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
