// The served OpenAPI document is exact (issue 14): schemathesis (PyPI, in the project's own venv,
// scripts/provision-python.sh) fuzzes the running stack from /api/v1/openapi.json with a clerk,
// an agency and a hospital key and the checks below, and any finding fails the test with
// schemathesis's own report. Its configuration, including every relaxation of a check and its
// reason, is test/api/schemathesis.toml; test/api/schemathesis_hooks.py generates GB 11643 person
// IDs (`format: gb11643`) and sends NDJSON bodies.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allRoutes } from '../../api/routes';
import { DEV_API_KEYS, startApp, type TestApp } from '../setup/stackEnv';

const ROOT = path.resolve(__dirname, '../..');
const CHECKS = [
  'not_a_server_error',
  'positive_data_acceptance',
  'unsupported_method',
  'status_code_conformance',
  'response_schema_conformance',
];
const KEYS = {
  clerk: DEV_API_KEYS.clerk220000,
  agency: DEV_API_KEYS.agency110000,
  hospital: DEV_API_KEYS.hospital110000,
};
type Who = keyof typeof KEYS;

/**
 * Bounded so the whole test stays within about four minutes on two busy cores. Per key, two runs:
 *  - examples and fuzzing over every operation, a few generated cases each;
 *  - the coverage phase (boundary values, every unexpected method, which unsupported_method
 *    needs) over the operations the key's role may call (api/routes access): on the others every
 *    request stops at 403 before its input is read. Operations no key here may call (ADMIN,
 *    public) go to the clerk's, so each operation gets its coverage phase once.
 */
const MAX_EXAMPLES = Number(process.env.SCHEMATHESIS_MAX_EXAMPLES ?? 3);

const operationName = (spec: { method: string; path: string }) =>
  `${spec.method.toUpperCase()} ${spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function coverageOperations(): Record<Who, string[]> {
  const routes = allRoutes({ simulation: false });
  const allowed = (who: Who, access: unknown) => Array.isArray(access) && access.includes(KEYS[who].role);
  const sets = { clerk: [], agency: [], hospital: [] } as Record<Who, string[]>;
  for (const spec of routes) {
    const whose = (Object.keys(KEYS) as Who[]).filter((who) => allowed(who, spec.access));
    for (const who of whose.length ? whose : (['clerk'] as Who[])) sets[who].push(operationName(spec));
  }
  return sets;
}

/** PYTHON_VENV from the environment or .tools/python.env (written by scripts/provision-python.sh). */
function schemathesisBin(): string {
  let venv = process.env.PYTHON_VENV;
  const envFile = path.join(ROOT, '.tools', 'python.env');
  if (!venv && existsSync(envFile)) {
    venv = /^PYTHON_VENV=(.+)$/m.exec(readFileSync(envFile, 'utf8'))?.[1]?.trim();
  }
  const bin = venv ? path.join(venv, 'bin', 'schemathesis') : '';
  if (!bin || !existsSync(bin)) {
    throw new Error(`schemathesis not found (PYTHON_VENV=${venv ?? 'unset'}): run \`bash scripts/provision.sh\` (it provisions the venv)`);
  }
  return bin;
}

interface Run {
  who: string;
  code: number | null;
  output: string;
}

function runSchemathesis(bin: string, baseUrl: string, key: string, options: string[]): Promise<{ code: number | null; output: string }> {
  const args = [
    '--config-file',
    path.join(ROOT, 'test/api/schemathesis.toml'),
    '--no-color',
    'run',
    `${baseUrl}/api/v1/openapi.json`,
    '--checks',
    CHECKS.join(','),
    '--header',
    `Authorization: Bearer ${key}`,
    '--workers',
    '1',
    '--request-timeout',
    '30',
    // A fixed seed and no example database: the suite runs the same cases every time (a finding is
    // reproducible, and a run never depends on what an earlier run stored); SCHEMATHESIS_SEED explores others.
    '--seed',
    process.env.SCHEMATHESIS_SEED ?? '20261129',
    '--generation-database',
    'none',
    ...options,
  ];
  return new Promise((resolve, reject) => {
    // cwd: the repository root, where the config's `hooks` path and the `.schemathesis/` cache
    // (in .gitignore) live.
    const child = spawn(bin, args, { cwd: ROOT, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function runAs(bin: string, baseUrl: string, who: Who, coverage: string[]): Promise<Run[]> {
  const key = KEYS[who].key;
  const fuzzing = await runSchemathesis(bin, baseUrl, key, ['--phases', 'examples,fuzzing', '--max-examples', String(MAX_EXAMPLES)]);
  const covering = await runSchemathesis(bin, baseUrl, key, [
    '--phases',
    'coverage',
    '--include-name-regex',
    `^(?:${coverage.map(escapeRegex).join('|')})$`,
  ]);
  return [
    { who: `${who} (examples, fuzzing)`, ...fuzzing },
    { who: `${who} (coverage of ${coverage.length} operations)`, ...covering },
  ];
}

let app: TestApp;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('issue 14: the OpenAPI document is exact', () => {
  it('schemathesis finds nothing for a clerk, an agency and a hospital key', async () => {
    const bin = schemathesisBin();
    // Side by side: each run mostly waits on the API, so three overlap well on two cores.
    const coverage = coverageOperations();
    const runs = (await Promise.all((Object.keys(KEYS) as Who[]).map((who) => runAs(bin, app.baseUrl, who, coverage[who])))).flat();
    for (const r of runs) process.stdout.write(`schemathesis as ${r.who}: ${/=+ (.+) =+\s*$/.exec(r.output)?.[1] ?? `exit ${r.code}`}\n`);
    const failed = runs.filter((r) => r.code !== 0);
    for (const r of failed) process.stdout.write(`\n===== schemathesis as ${r.who} (exit ${r.code}) =====\n${r.output}\n`);
    // Exit 0 only when every check passed on every generated case, with no errors.
    expect(failed.map((r) => `${r.who}: exit ${r.code}\n${r.output.slice(-20_000)}`)).toEqual([]);
    // It really ran: the summary names the cases it generated for each key.
    for (const r of runs) expect(r.output).toMatch(/Test cases:\s+\d+ generated/);
  }, 360_000);
});
