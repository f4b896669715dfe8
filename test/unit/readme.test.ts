// The README's configuration table and Quick start are part of the contract with operators:
// every variable config.ts reads is documented, and the quick start is exactly two lines.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../config';
import pkg from '../../package.json';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it.each(Object.entries(CONFIG_VARIABLES))('documents %s with its default', (name, spec) => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(`| ${spec.default} |`);
  });

  it('has a two-line Quick start whose commands are npm scripts', () => {
    const block = /## Quick start\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1].trim().split('\n') ?? [];
    expect(block).toEqual(['npm ci && npm start', 'npm ci && npm test']);
    expect(pkg.scripts).toHaveProperty('start');
    expect(pkg.scripts).toHaveProperty('test');
    expect(pkg.scripts).toHaveProperty('bench');
  });
});
