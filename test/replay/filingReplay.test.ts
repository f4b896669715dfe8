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
  it('has recorded histories to replay, one for each guarded path', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    // F-11 signal sent, F-11 skipped (patch supersession-skips-ended-case), a continued run (patch
    // filing-continue-as-new), and a lapse recorded before the commitment-recovery patch.
    for (const stem of [
      'supersedes-previous',
      'supersession-skipped',
      'continued-after',
      'v1-commitment-lapse-before-recovery-patch',
      'commitment-lapse-from-records',
      'commitment-cancelled-pending-lapses',
      'claim-order-supersedes-then-moves',
    ]) {
      expect(files.some((f) => f.includes(stem))).toBe(true);
    }
  });

  it('X-2: a continued run starts from the carried case and does not open it again', () => {
    for (const file of files.filter((f) => f.includes('continued-after'))) {
      const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
      const payload = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
      const input = JSON.parse(Buffer.from(payload.data!).toString('utf8'));
      expect(input.continued.case.id).toBe(input.filingId);
      const activities = history.events!.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
      expect(activities).not.toContain('findLiveFilings');
      expect(activities).not.toContain('claimFilingSlot');
    }
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
