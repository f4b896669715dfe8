// API.md is the contract outside clients depend on: every endpoint its table lists must be
// served with the roles it names. Read from ../shared/API.md itself, so the check cannot drift.
import fs from 'node:fs';
import path from 'node:path';
import { allRoutes } from '../../api/routes';

const contractFile = path.resolve(__dirname, '..', '..', '..', 'shared', 'API.md');
const contract = fs.readFileSync(contractFile, 'utf8');

/** Rows of the endpoint table: `| GET /a, POST /b | who | what |` -> [{method, path, who}]. */
function contractEndpoints(): Array<{ method: string; path: string; who: string }> {
  const rows = contract.split('\n').filter((l) => /^\| (GET|POST|PUT|PATCH|DELETE) \//.test(l));
  return rows.flatMap((row) => {
    const [, endpoints, who] = row.split('|').map((c) => c.trim());
    return endpoints.split(',').map((e) => {
      const [method, rawPath] = e.trim().split(/\s+/);
      return { method, path: rawPath.split('?')[0], who };
    });
  });
}

const served = allRoutes({ simulation: true });
const outsideRouteTable = new Set(['GET /api/v1/openapi.json', 'GET /docs']);

describe('API.md endpoints are all served', () => {
  const endpoints = contractEndpoints();

  it('finds the endpoint table in API.md', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
  });

  it.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', (label, endpoint) => {
    if (outsideRouteTable.has(label)) return expect(label).toMatch(/openapi|docs/);
    const route = served.find((r) => r.method.toUpperCase() === endpoint.method && r.path === endpoint.path);
    expect(route).toBeDefined();
    const roles = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'].filter((role) => endpoint.who.includes(role));
    const named = roles.length ? roles : endpoint.who.includes('anyone') ? [] : endpoint.who.includes('clerk') ? ['INSURED_CLERK'] : [];
    if (route!.access === 'public') expect(endpoint.who).toContain('anyone');
    else for (const role of named) expect(route!.access).toContain(role);
  });
});
