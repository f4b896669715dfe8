// Recorder, run only by `npm run record-histories` (its own jest config): drives each scenario
// and writes its history to test/replay/histories/<family>-<name>.json. Commit new files when
// adding a scenario or before changing a workflow: the replay tests then hold the change to them.
//
// RECORD_SCENARIOS (comma-separated) limits a run to some files, so adding one scenario does not
// rewrite every committed history (ids, times and task queues differ on each recording):
//   RECORD_SCENARIOS=inquiry,recovery npm run record-histories      every inquiry and recovery scenario
//   RECORD_SCENARIOS=recovery-with-fines-retained-only-fund-money-moves npm run record-histories
// Unset, it records them all.
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { historyToFile } from './historyFile';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflowHarness';
import { scenarios as filingScenarios } from './scenarios';
import { inquiryScenarios } from './inquiryScenarios';
import { recoveryScenarios } from './recoveryScenarios';

const OUT = path.join(__dirname, 'histories');
const { EventType } = temporal.api.enums.v1;

interface Recordable {
  /** File stem, `<family>-<scenario name>`: the replay tests pick files by family prefix. */
  file: string;
  workflowId: string;
  workflowType: string;
  run(h: WorkflowHarness, id: string): Promise<WorkflowHandle>;
}

const family = (
  prefix: string,
  idPrefix: string,
  workflowType: string,
  list: Array<{ name: string; run(h: WorkflowHarness, id: string): Promise<WorkflowHandle> }>,
): Recordable[] =>
  list.map((s) => ({ file: `${prefix}-${s.name}`, workflowId: `${idPrefix}-${s.name}`, workflowType, run: (h, id) => s.run(h, id) }));

const all: Recordable[] = [
  ...family('filing', 'FIL-REPLAY', 'filingWorkflow', filingScenarios),
  ...family('inquiry', 'INQ-REPLAY', 'inquiryWorkflow', inquiryScenarios),
  ...family('recovery', 'REC-REPLAY', 'recoveryWorkflow', recoveryScenarios),
];

function selected(): Recordable[] {
  const wanted = (process.env.RECORD_SCENARIOS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!wanted.length) return all;
  const unknown = wanted.filter((w) => !all.some((r) => r.file === w || r.file.startsWith(`${w}-`)));
  // A typo must not pass as a run that recorded nothing.
  if (unknown.length)
    throw new Error(`RECORD_SCENARIOS names no scenario: ${unknown.join(', ')}; known: ${all.map((r) => r.file).join(', ')}`);
  return all.filter((r) => wanted.some((w) => r.file === w || r.file.startsWith(`${w}-`)));
}

const toRecord = selected();

describe('record workflow histories', () => {
  // A time-skipping server per scenario: once a workflow on it has started an ABANDON child (the
  // I-5 recovery), later env.sleep() calls on that server can hang (seen here; sdk-typescript#1101
  // is the same family), and a fresh clock keeps each recording independent of what ran before.
  it.each(toRecord.map((r) => [r.file, r] as const))('records %s', async (file, r) => {
    const h = await startWorkflowHarness();
    try {
      const handle = await r.run(h, r.workflowId);
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      expect(events.length).toBeGreaterThan(5);
      expect(events[0].workflowExecutionStartedEventAttributes?.workflowType?.name).toBe(r.workflowType);
      // Every scenario runs its case to the end, so the fixture covers the whole path.
      expect(events[events.length - 1].eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      fs.mkdirSync(OUT, { recursive: true });
      fs.writeFileSync(path.join(OUT, `${file}.json`), historyToFile(history));
    } finally {
      await h.teardown();
    }
  });
});
