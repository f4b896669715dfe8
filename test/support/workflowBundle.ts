// Webpack-bundling the workflows takes seconds on 2 cores; every workflow test file needs the
// same bundle. It is cached on disk keyed by a hash of the sources it is built from, so a run
// bundles once and an edit to any workflow or domain file rebuilds it.
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_DIRS = ['workflows', 'domain', 'policies'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|json)$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      hash.update(path.relative(ROOT, file));
      hash.update(fs.readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let memo: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  memo ??= (async () => {
    const cacheDir = path.join(os.tmpdir(), 'settlement-engine-bundles');
    const file = path.join(cacheDir, `workflows-${sourceHash()}.json`);
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as WorkflowBundleWithSourceMap;
    const bundle = await bundleWorkflowCode({ workflowsPath: path.join(ROOT, 'workflows'), logger: quietLogger });
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(bundle));
    fs.renameSync(tmp, file);
    return bundle;
  })();
  return memo;
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (m: string) => process.stderr.write(`${m}\n`), log: noop };
