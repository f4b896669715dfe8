// The rulebook (docs/RULEBOOK.md) and the tests agree: every rule that is implemented, even in
// part, is named by the title of at least one test, so `jest -t F-7` finds what holds the rule.
// A rule still planned says so in the rulebook and is listed here as such, not silently passed.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const RULE_ID = /\b(?:RC|T|F|R|H|S|I|P|M|E|X|U)-\d+\b/g;

interface Rule {
  id: string;
  status: string;
}

function rulebook(): Rule[] {
  const text = fs.readFileSync(path.join(ROOT, 'docs', 'RULEBOOK.md'), 'utf8');
  const rules: Rule[] = [];
  for (const section of text.split(/^### /m).slice(1)) {
    const id = /^([A-Z]{1,2}-\d+)\b/.exec(section)?.[1];
    const status = /- Status: \*\*([a-z ]+)\*\*/.exec(section)?.[1];
    if (id && status) rules.push({ id, status });
  }
  return rules;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'histories' ? [] : testFiles(full);
    return /\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** The rule IDs named in test and describe titles (the first string argument of it/test/describe). */
function idsInTestTitles(): Set<string> {
  const ids = new Set<string>();
  const title = /\b(?:it|test|describe)(?:\.each\([\s\S]*?\))?\(\s*(['"`])((?:\\.|(?!\1)[\s\S])*?)\1/g;
  for (const file of testFiles(path.join(ROOT, 'test'))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(title)) for (const id of m[2].match(RULE_ID) ?? []) ids.add(id);
  }
  return ids;
}

const rules = rulebook();
const named = idsInTestTitles();

describe('E-1..X-3: the rulebook and the tests name the same rules', () => {
  it('reads the rulebook: every section has an ID and a status', () => {
    expect(rules.length).toBeGreaterThanOrEqual(50);
    for (const r of rules) expect(['implemented', 'partly implemented', 'planned']).toContain(r.status);
  });

  it.each(rules.filter((r) => r.status !== 'planned').map((r) => [r.id, r.status] as const))('%s (%s) is named by a test title', (id) => {
    expect(named.has(id)).toBe(true);
  });

  it('says which rules are still planned (none is counted as tested)', () => {
    const planned = rules.filter((r) => r.status === 'planned').map((r) => r.id);
    for (const id of planned) expect(rules.find((r) => r.id === id)?.status).toBe('planned');
    if (planned.length) process.stdout.write(`rules still planned (docs/RULEBOOK.md): ${planned.join(', ')}\n`);
  });
});
