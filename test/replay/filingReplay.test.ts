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
      'opening-local-alone',
      'opening-local-supersedes',
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

  it('issue 13: a clerk filing opened under filing-opening-local takes its place and stores its first view locally', () => {
    const opening = files.filter((f) => f.includes('opening-local'));
    expect(opening.length).toBe(2);
    for (const file of opening) {
      const events = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8')).events!;
      const scheduled = events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
      expect(scheduled).not.toContain('claimFilingSlot');
      // The first workflow task's commands: the claim and the first view, both local activity markers.
      const firstTask = events.slice(
        0,
        events.findIndex((e, i) => i > 1 && e.workflowTaskScheduledEventAttributes),
      );
      expect(firstTask.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length).toBe(
        file.includes('alone') ? 2 : 1,
      );
      expect(firstTask.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
    }
  });

  it.each(files)('replays %s', async (file) => {
    const history = historyFromFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file)).resolves.toBeUndefined();
  });
});
