// Runtime configuration, read once from the environment and validated with zod so a
// typo fails at start-up with a clear message. CONFIG_VARIABLES is also what the README
// table and the docker-compose test check against, so docs and deployment cannot drift.
import { z } from 'zod';

export const CONFIG_VARIABLES = {
  PORT: { default: '3000', doc: 'HTTP port of the API' },
  TEMPORAL_ADDRESS: { default: '127.0.0.1:7233', doc: 'Temporal frontend host:port; when set, `npm start` starts no embedded Temporal' },
  TEMPORAL_NAMESPACE: { default: 'default', doc: 'Temporal namespace' },
  TEMPORAL_TASK_QUEUE: { default: 'cross-region-settlement', doc: 'Task queue shared by API and worker' },
  MONGODB_URI: {
    default: 'mongodb://127.0.0.1:27017/settlement',
    doc: 'MongoDB (or FerretDB) connection string; when set, `npm start` starts no embedded FerretDB',
  },
  AGENCY_API_URL: {
    default: 'http://127.0.0.1:4100',
    doc: 'Base URL of the treatment-region agency and finance systems (the simulator in dev)',
  },
  AGENCY_HTTP_TIMEOUT_MS: { default: '5000', doc: 'Per-request timeout for calls to agency systems' },
  SEED_DEV_KEYS: { default: 'false', doc: 'Seed the dev API keys of API.md (true only in the embedded dev stack)' },
  SIMULATION_MODE: { default: 'false', doc: 'Expose POST /api/v1/dev/clock/advance (time-skipping server only)' },
  POLICY_DIR: { default: 'policies', doc: 'Folder of region policy data (filing, settlement, holidays, hospitals)' },
  LOG_LEVEL: { default: 'info', doc: 'debug | info | warn | error' },
  WORKER_MAX_CONCURRENT_ACTIVITIES: { default: '50', doc: 'Worker activity slots' },
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: { default: '20', doc: 'Worker workflow task slots' },
} as const;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = z.coerce.number().int().positive();

const schema = z.object({
  PORT: int,
  TEMPORAL_ADDRESS: z.string().min(1),
  TEMPORAL_NAMESPACE: z.string().min(1),
  TEMPORAL_TASK_QUEUE: z.string().min(1),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb://'),
  AGENCY_API_URL: z.url(),
  AGENCY_HTTP_TIMEOUT_MS: int,
  SEED_DEV_KEYS: bool,
  SIMULATION_MODE: bool,
  POLICY_DIR: z.string().min(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']),
  WORKER_MAX_CONCURRENT_ACTIVITIES: int,
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: int,
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES)) {
    raw[name] = env[name] ?? spec.default;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
