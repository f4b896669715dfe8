// The worker evaluates every module of the workflow bundle once per case it opens (each case gets
// its own module cache), so whatever a workflow imports is paid for at every start and every
// replay. Profiling filings showed zod's set-up alone at more than half the workflow thread's
// time; the rule modules keep their zod schemas in separate files (domain/schemas.ts,
// domain/policy/*File.ts) and this test keeps it that way, with the other server libraries that
// have no business in workflow code.
import { workflowBundle } from '../../support/workflowBundle';

const NOT_IN_WORKFLOWS = ['zod', 'mongoose', 'mongodb', 'express', '@temporalio/client', '@temporalio/activity'];

describe('the workflow bundle', () => {
  it('holds none of the server libraries (zod is set up again for every case)', async () => {
    const { code } = await workflowBundle();
    const modules = new Set([...code.matchAll(/"\.\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//g)].map((m) => m[1]));
    // The bundle lists its modules by path: the check reads them, so it fails if that ever stops.
    expect(modules.has('@temporalio/workflow')).toBe(true);
    expect(NOT_IN_WORKFLOWS.filter((name) => modules.has(name))).toEqual([]);
  }, 120_000);
});
