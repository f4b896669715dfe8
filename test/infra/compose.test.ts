// docker-compose.yml and the Dockerfile stay in line with config.ts: every variable set on the
// api/worker services is a real configuration variable, the ones without a safe production
// default are set, the API's port mapping matches PORT, and the images run the right entries.
// (No Docker engine here: this checks the files, not a running deployment.)
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../config';

const ROOT = path.resolve(__dirname, '..', '..');
const REQUIRED_IN_PRODUCTION = ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'AGENCY_API_URL'] as const;

type Service = {
  image?: string;
  build?: { context?: string; target?: string } | string;
  environment?: Record<string, string | number | boolean> | string[];
  ports?: Array<string | { target: number; published?: number | string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition?: string }> | string[];
  profiles?: string[];
};
type Compose = { services: Record<string, Service> };

function loadCompose(): Compose {
  // merge: true resolves the `<<: *app-env` merge keys, as docker compose does
  return parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
}

function envOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

function containerPorts(service: Service): number[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return p.target;
    const parts = p.split('/')[0].split(':'); // [ip:]host:container
    return Number(parts[parts.length - 1]);
  });
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;

  it('defines the production services', () => {
    for (const name of ['temporal', 'postgresql', 'temporal-ui', 'mongodb', 'api', 'worker']) {
      expect(services).toHaveProperty(name);
    }
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup:/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(services.mongodb.image).toMatch(/^mongo:/);
    expect(services.postgresql.image).toMatch(/^postgres:/);
  });

  it('runs Temporal on PostgreSQL', () => {
    const env = envOf(services.temporal);
    expect(env.DB).toMatch(/^postgres/);
    expect(env.POSTGRES_SEEDS).toBe('postgresql');
  });

  it('scales the worker to several replicas', () => {
    expect(services.worker.deploy?.replicas ?? 1).toBeGreaterThanOrEqual(2);
    // fixed host ports would stop replicas from starting
    expect(services.worker.ports ?? []).toHaveLength(0);
  });

  it('builds api and worker from the Dockerfile', () => {
    for (const name of ['api', 'worker']) {
      const build = services[name].build;
      expect(build).toBeDefined();
      const target = typeof build === 'object' ? build.target : undefined;
      expect(target).toBe(name);
    }
  });

  it.each(['api', 'worker'])('%s sets only variables of config.ts CONFIG_VARIABLES', (name) => {
    const unknown = Object.keys(envOf(services[name])).filter((key) => !(key in CONFIG_VARIABLES));
    expect(unknown).toEqual([]);
  });

  it.each(['api', 'worker'])('%s sets every variable without a safe production default', (name) => {
    const env = envOf(services[name]);
    for (const key of REQUIRED_IN_PRODUCTION) {
      expect(key in CONFIG_VARIABLES).toBe(true);
      expect(env[key]).toBeTruthy();
    }
    expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(env.MONGODB_URI).toMatch(/^mongodb:\/\/mongodb:27017\//);
    expect(env.SEED_DEV_KEYS).toBe('false');
    expect(env.SIMULATION_MODE ?? 'false').toBe('false');
  });

  it('maps the API port to PORT', () => {
    const port = Number(envOf(services.api).PORT ?? CONFIG_VARIABLES.PORT.default);
    expect(containerPorts(services.api)).toContain(port);
  });

  it('has healthchecks on the servers and the API, and waits for them', () => {
    for (const name of ['temporal', 'postgresql', 'temporal-ui', 'mongodb', 'api']) {
      expect(services[name].healthcheck?.test).toBeDefined();
    }
    for (const name of ['api', 'worker']) {
      const deps = services[name].depends_on as Record<string, { condition?: string }>;
      expect(deps.temporal?.condition).toBe('service_healthy');
      expect(deps.mongodb?.condition).toBe('service_healthy');
    }
  });
});

describe('Dockerfile', () => {
  const file = path.join(ROOT, 'Dockerfile');

  it('exists, with a .dockerignore that keeps local state out', () => {
    expect(existsSync(file)).toBe(true);
    const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', 'data', '.tools', '.git']) expect(ignore).toContain(entry);
  });

  it('has api and worker targets whose CMDs run api/main.ts and worker.ts', () => {
    const text = readFileSync(file, 'utf8');
    // split into stages: "FROM ... AS name" ... up to the next FROM
    const stages = new Map<string, string>();
    for (const block of text.split(/^(?=FROM\s)/m)) {
      const m = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(block);
      if (m?.[1]) stages.set(m[1].toLowerCase(), block);
    }
    const cmdOf = (stage: string) => {
      const block = stages.get(stage);
      expect(block).toBeDefined();
      const cmds = block!.split('\n').filter((l) => /^CMD\s/.test(l));
      expect(cmds).toHaveLength(1);
      return cmds[0];
    };
    expect(cmdOf('api')).toContain('api/main.ts');
    expect(cmdOf('worker')).toContain('worker.ts');
    expect(text).toMatch(/^FROM node:20/m);
  });
});
