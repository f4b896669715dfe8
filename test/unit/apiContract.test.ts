// docs/API.md is the contract outside clients depend on, and it must match the server both ways:
// every endpoint its table lists is served with the roles it names, and every route the server
// serves (allRoutes, simulation included) has a row naming its roles. So neither the document nor
// the code can fall behind the other. Planned endpoints live outside the table.
import fs from 'node:fs';
import path from 'node:path';
import { allRoutes } from '../../api/routes';

const contractFile = path.resolve(__dirname, '..', '..', 'docs', 'API.md');
const contract = fs.readFileSync(contractFile, 'utf8');

const ROLES = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'] as const;

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
const outsideRouteTable = new Set(['GET /api/v1/openapi.json', 'GET /docs', 'GET /console']);

describe('API.md endpoints are all served', () => {
  const endpoints = contractEndpoints();

  it('finds the endpoint table in API.md', () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(20);
  });

  it.each(endpoints.map((e) => [`${e.method} ${e.path}`, e] as const))('%s', (label, endpoint) => {
    if (outsideRouteTable.has(label)) return expect(label).toMatch(/openapi|docs|console/);
    const route = served.find((r) => r.method.toUpperCase() === endpoint.method && r.path === endpoint.path);
    expect(route).toBeDefined();
    const roles = ROLES.filter((role) => endpoint.who.includes(role));
    const named = roles.length ? roles : endpoint.who.includes('anyone') ? [] : endpoint.who.includes('clerk') ? ['INSURED_CLERK'] : [];
    if (route!.access === 'public') expect(endpoint.who).toContain('anyone');
    else for (const role of named) expect(route!.access).toContain(role);
  });
});

describe('every served route is in the API.md endpoint table', () => {
  const endpoints = contractEndpoints();

  it('lists each endpoint once', () => {
    const labels = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(labels.filter((label, i) => labels.indexOf(label) !== i)).toEqual([]);
  });

  it.each(served.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_label, route) => {
    const row = endpoints.find((e) => e.method === route.method.toUpperCase() && e.path === route.path);
    expect(row).toBeDefined();
    if (route.access === 'public') expect(row!.who).toContain('anyone');
    else for (const role of route.access) expect(row!.who).toContain(role);
  });

  it('keeps planned endpoints out of the table', () => {
    const planned = contract.split(/^## Planned endpoints$/m)[1];
    expect(planned).toBeDefined();
    expect(planned.split('\n').filter((l) => /^\| (GET|POST|PUT|PATCH|DELETE) \//.test(l))).toEqual([]);
  });
});
