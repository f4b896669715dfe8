// Builds the worker's workflow bundle ahead of time: `tsx scripts/bundleWorkflows.ts <file>`.
// The Docker image runs it at build time (WORKFLOW_BUNDLE_PATH points the worker at the file),
// and the embedded stack runs it once at start-up so that a worker restarted after a crash
// polls again in about a second instead of spending seconds of CPU on webpack first.
import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };

/** Writes the bundle of workflows/index.ts to `file` (atomically: a reader never sees half of it). */
export async function bundleWorkflowsTo(file: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: quietLogger });
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, code);
  renameSync(tmp, file);
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    process.stderr.write('usage: tsx scripts/bundleWorkflows.ts <output file>\n');
    process.exit(2);
  }
  const t0 = Date.now();
  bundleWorkflowsTo(path.resolve(file)).then(
    () => process.stdout.write(`workflow bundle written to ${file} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`),
    (err: unknown) => {
      process.stderr.write(`bundling the workflows failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
