// A person-level change tells each of the person's in-flight cases by signal. A case that ended
// in between has nothing in flight to change: it is noted as skipped, never an error; any other
// failure is one (the workflow retries it as a workflow task would).
import * as wf from '@temporalio/workflow';
import type { SignalDefinition } from '@temporalio/workflow';

export interface Told {
  told: string[];
  skipped: string[];
}

export async function tellCases<Args extends unknown[]>(
  caseIds: readonly string[],
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<Told> {
  const result: Told = { told: [], skipped: [] };
  for (const id of caseIds) {
    try {
      await wf.getExternalWorkflowHandle(id).signal(signal, ...args);
      result.told.push(id);
    } catch (err) {
      if ((err as { name?: string }).name !== 'ExternalWorkflowExecutionNotFoundError' && !/not found/i.test(String(err))) throw err;
      wf.log.info('person change: case already ended', { caseId: id });
      result.skipped.push(id);
    }
  }
  return result;
}
