// docker-compose.yml and the Dockerfile stay in line with config.ts and with what production
// needs (issue 14 item 7): every variable set on the api/worker services is a real configuration
// variable, the ones without a safe production default are set, Temporal is the plain server image
// whose schema and namespace come from one-shot admin-tools jobs, nothing of Temporal and no
// metrics port is published, the UI listens on loopback only, and the worker image carries a
// prebuilt workflow bundle. No Docker engine here: the files are parsed with `yaml`, and the
// namespace job's script is run with the real Temporal CLI against the suite's dev server.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../config';
import { toolPaths } from '../../scripts/servers/process';
import { checkSearchAttributes } from '../../temporal';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';

const ROOT = path.resolve(__dirname, '..', '..');
const REQUIRED_IN_PRODUCTION = ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'AGENCY_API_URL'] as const;

type Service = {
  image?: string;
  restart?: string;
  entrypoint?: string[] | string;
  command?: string[] | string;
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

/** The shell script of a one-shot job (`entrypoint: [/bin/sh, -ec]`, the script as command). */
function scriptOf(service: Service): string {
  expect(service.entrypoint).toEqual(['/bin/sh', '-ec']);
  const command = Array.isArray(service.command) ? service.command : [service.command ?? ''];
  expect(command).toHaveLength(1);
  return command[0];
}

/** What the shell runs once compose has interpolated the file: `$$` is a literal `$`. */
const asRun = (script: string) => script.replace(/\$\$/g, '$');

/** Published ports as [host ip or '', host port, container port]. */
function publishedPorts(service: Service): Array<[string, number, number]> {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return ['', Number(p.published ?? 0), p.target];
    const parts = p.split('/')[0].split(':');
    const container = Number(parts.pop());
    const host = Number(parts.pop() ?? 0);
    return [parts.pop() ?? '', host, container];
  });
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
    for (const name of ['temporal', 'temporal-schema', 'temporal-namespace', 'postgresql', 'temporal-ui', 'mongodb', 'api', 'worker']) {
      expect(services).toHaveProperty(name);
    }
    // the plain server, pinned: auto-setup rewrites schemas at every start and is for development
    expect(services.temporal.image).toMatch(/^temporalio\/server:1\.2\d\.\d+$/);
    const serverVersion = services.temporal.image!.split(':')[1];
    for (const job of ['temporal-schema', 'temporal-namespace']) {
      // the admin tools of the same server version (their tag adds the tctl and CLI versions)
      expect(services[job].image).toMatch(new RegExp(`^temporalio/admin-tools:${serverVersion.replace(/\./g, '\\.')}(-|$)`));
      expect(services[job].restart ?? 'no').toBe('no');
    }
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:/);
    expect(services.mongodb.image).toMatch(/^mongo:/);
    expect(services.postgresql.image).toMatch(/^postgres:/);
  });

  it('runs Temporal on PostgreSQL', () => {
    const env = envOf(services.temporal);
    expect(env.DB).toMatch(/^postgres/);
    expect(env.POSTGRES_SEEDS).toBe('postgresql');
    expect(envOf(services['temporal-schema'])).toMatchObject({ DB: env.DB, POSTGRES_SEEDS: env.POSTGRES_SEEDS, DBNAME: env.DBNAME });
  });

  it('sets up both schemas with temporal-sql-tool before the server starts', () => {
    const env = envOf(services['temporal-schema']);
    expect([env.DBNAME, env.VISIBILITY_DBNAME]).toEqual(['temporal', 'temporal_visibility']);
    const script = asRun(scriptOf(services['temporal-schema']));
    expect(script).toMatch(/temporal-sql-tool --plugin "\$DB"/);
    expect(script).toContain('"$DBNAME:temporal" "$VISIBILITY_DBNAME:visibility"');
    expect(script).toMatch(/setup-schema -v 0\.0/);
    expect(script).toMatch(/update-schema -d "\$schema\/\$dir\/versioned"/);
    expect(script).toContain('schema=/etc/temporal/schema/postgresql/v12');
    const deps = services.temporal.depends_on as Record<string, { condition?: string }>;
    expect(deps['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect((services['temporal-schema'].depends_on as Record<string, { condition?: string }>).postgresql?.condition).toBe(
      'service_healthy',
    );
  });

  it('creates the namespace with TEMPORAL_RETENTION (default 365 days) and the case search attributes', () => {
    const env = envOf(services['temporal-namespace']);
    expect(env.TEMPORAL_RETENTION).toBe('${TEMPORAL_RETENTION:-365d}');
    expect(env.TEMPORAL_NAMESPACE).toBe(envOf(services.api).TEMPORAL_NAMESPACE);
    expect(env.TEMPORAL_ADDRESS).toBe(envOf(services.api).TEMPORAL_ADDRESS);
    const declared = Object.fromEntries(env.CASE_SEARCH_ATTRIBUTES.split(/\s+/).map((pair) => pair.split(':')));
    expect(declared).toEqual(CASE_SEARCH_ATTRIBUTES);
    const script = asRun(scriptOf(services['temporal-namespace']));
    expect(script).toContain('--retention "$TEMPORAL_RETENTION"');
    // the API and worker start only once it is done (the worker refuses a namespace without them)
    for (const name of ['api', 'worker', 'temporal-ui']) {
      const deps = services[name].depends_on as Record<string, { condition?: string }>;
      expect(deps['temporal-namespace']?.condition).toBe('service_completed_successfully');
    }
  });

  it('leaves no shell variable of the jobs to compose interpolation (a lone `$x` would be emptied)', () => {
    for (const job of ['temporal-schema', 'temporal-namespace']) {
      expect(scriptOf(services[job]).match(/(?<!\$)\$(?!\$)[A-Za-z_{(@]/g)).toBeNull();
    }
  });

  it('publishes no Temporal port and no metrics port; the UI listens on loopback only', () => {
    expect(services.temporal.ports ?? []).toHaveLength(0);
    const temporalPorts = [7233, 7234, 7235, 7239, 6933, 6934, 6935, 6939];
    const metricsPorts = [9464, Number(CONFIG_VARIABLES.WORKER_METRICS_PORT.default)];
    for (const [name, service] of Object.entries(services)) {
      for (const [, , container] of publishedPorts(service)) {
        expect({ name, container, temporal: temporalPorts.includes(container) }).toEqual({ name, container, temporal: false });
        expect({ name, container, metrics: metricsPorts.includes(container) }).toEqual({ name, container, metrics: false });
      }
    }
    const ui = publishedPorts(services['temporal-ui']);
    expect(ui.length).toBeGreaterThan(0);
    for (const [ip] of ui) expect(ip).toBe('127.0.0.1');
    expect(services.worker.ports ?? []).toHaveLength(0);
    expect(publishedPorts(services.api).map(([, , c]) => c)).toEqual([Number(envOf(services.api).PORT)]);
  });

  it.each(['api', 'worker'])('%s runs with NODE_ENV=production and must be given PAYLOAD_ENCRYPTION_KEYS', (name) => {
    const env = envOf(services[name]);
    expect(env.NODE_ENV).toBe('production');
    // `${VAR:?message}`: compose refuses to start without it (production refuses the dev key anyway)
    expect(env.PAYLOAD_ENCRYPTION_KEYS).toMatch(/^\$\{PAYLOAD_ENCRYPTION_KEYS:\?.+\}$/);
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
    for (const name of ['temporal', 'postgresql', 'temporal-ui', 'mongodb', 'api', 'worker']) {
      expect(services[name].healthcheck?.test).toBeDefined();
    }
    for (const name of ['api', 'worker']) {
      const deps = services[name].depends_on as Record<string, { condition?: string }>;
      // the namespace job ends only after the server answered (see its script)
      expect(deps['temporal-namespace']?.condition).toBe('service_completed_successfully');
      expect(deps.mongodb?.condition).toBe('service_healthy');
    }
  });
});

describe('the namespace job, run with the Temporal CLI against the suite dev server', () => {
  const address = process.env.TEMPORAL_ADDRESS!;
  let bin: string;
  let connection: Connection;

  beforeAll(async () => {
    // the admin-tools image has `temporal` on its PATH
    bin = mkdtempSync(path.join(os.tmpdir(), 'crs-compose-cli-'));
    symlinkSync(path.resolve(toolPaths().temporalCli), path.join(bin, 'temporal'));
    connection = await Connection.connect({ address });
  });
  afterAll(async () => {
    await connection?.close();
    rmSync(bin, { recursive: true, force: true });
  });

  const runJob = (namespace: string, retention?: string) => {
    const env = envOf(loadCompose().services['temporal-namespace']);
    return promisify(execFile)('/bin/sh', ['-ec', asRun(scriptOf(loadCompose().services['temporal-namespace']))], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: bin,
        TEMPORAL_ADDRESS: address,
        TEMPORAL_NAMESPACE: namespace,
        TEMPORAL_RETENTION: retention ?? /:-([^}]+)\}$/.exec(env.TEMPORAL_RETENTION)![1],
        CASE_SEARCH_ATTRIBUTES: env.CASE_SEARCH_ATTRIBUTES,
      },
      timeout: 60_000,
    });
  };
  const retentionDays = async (namespace: string) => {
    const res = await connection.workflowService.describeNamespace({ namespace });
    return Number(res.config?.workflowExecutionRetentionTtl?.seconds ?? 0) / 86_400;
  };

  it('creates the namespace with 365 days and what the worker checks; a second run with another retention updates it', async () => {
    const namespace = `compose-${process.pid}-${Date.now().toString(36)}`;
    await runJob(namespace);
    expect(await retentionDays(namespace)).toBe(365);
    await expect(checkSearchAttributes(connection.operatorService, namespace)).resolves.toBeUndefined();

    await runJob(namespace, '400d'); // idempotent: existing namespace and attributes
    expect(await retentionDays(namespace)).toBe(400);
    await expect(checkSearchAttributes(connection.operatorService, namespace)).resolves.toBeUndefined();
  });

  it('a namespace without the job fails the worker check (the check can fail)', async () => {
    const namespace = `compose-bare-${process.pid}-${Date.now().toString(36)}`;
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    for (let i = 0; i < 50; i++) {
      // a new namespace reaches the frontend's cache within seconds
      const ok = await connection.operatorService.listSearchAttributes({ namespace }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await expect(checkSearchAttributes(connection.operatorService, namespace)).rejects.toThrow(/lacks the search attributes/);
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
    expect(text).toMatch(/^FROM node:22-/m); // Node 22 LTS
    expect(text).not.toMatch(/^FROM node:(?!22-)/m);
  });

  it('builds the workflow bundle into the worker image and points WORKFLOW_BUNDLE_PATH at it', () => {
    const text = readFileSync(file, 'utf8');
    const worker = text.split(/^(?=FROM\s)/m).find((b) => /^FROM\s+\S+\s+AS\s+worker\b/im.test(b))!;
    const built = /^RUN node --import tsx scripts\/bundleWorkflows\.ts (\S+)$/m.exec(worker);
    expect(built).not.toBeNull();
    expect(/^ENV WORKFLOW_BUNDLE_PATH=(\S+)$/m.exec(worker)?.[1]).toBe(built![1]);
    expect('WORKFLOW_BUNDLE_PATH' in CONFIG_VARIABLES).toBe(true);
    expect(existsSync(path.join(ROOT, 'scripts', 'bundleWorkflows.ts'))).toBe(true);
  });
});
