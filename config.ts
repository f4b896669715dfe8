// Runtime configuration, read once from the environment and validated with zod so a
// typo fails at start-up with a clear message. CONFIG_VARIABLES is also what the README
// table and the docker-compose test check against, so docs and deployment cannot drift.
import { z } from 'zod';
import { parseEncryptionKeys } from './payloadCodec';

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
  WORKER_MAX_CACHED_WORKFLOWS: {
    default: '250',
    doc: "Cases kept in the worker's memory between tasks; one beyond it is rebuilt from its history when it next wakes (bounds memory, however many cases are open)",
  },
  WORKFLOW_BUNDLE_PATH: {
    default: '',
    doc: 'Prebuilt workflow bundle (scripts/bundleWorkflows.ts) the worker loads instead of bundling workflows/ at start-up',
  },
  STACK_DATA_DIR: { default: 'data', doc: "`npm start` only: folder of the embedded servers' state and logs" },
  STACK_PORT_OFFSET: { default: '0', doc: "`npm start` only: added to the embedded servers' ports (7233, 8233, 27017, 4100, 55432)" },
  STACK_DATABASE_BACKEND: {
    default: 'postgresql',
    doc: '`npm start` only: the store under the embedded FerretDB, postgresql (data/postgres) or sqlite (data/ferretdb)',
  },
  NODE_ENV: { default: 'development', doc: '`production` refuses development defaults (the dev payload encryption key)' },
  PAYLOAD_ENCRYPTION_KEYS: {
    default: '',
    doc: 'AES-256 keys of the Temporal payload codec, `keyId:base64key,...` (32-byte keys): the first encrypts, all decrypt; unset: a fixed dev key (refused in production)',
  },
  CODEC_CORS_ORIGINS: { default: '', doc: 'Origins (comma-separated) allowed to call POST /codec/{encode,decode}: the Temporal UI' },
  TEMPORAL_UI_URL: { default: '', doc: 'Temporal UI base URL; when set, case responses for ADMIN link to the case there' },
  METRICS_TOKEN: {
    default: '',
    doc: 'Bearer token the scraper sends to GET /metrics; unset: /metrics is open (keep it on the internal network)',
  },
  WORKER_METRICS_PORT: { default: '9464', doc: "Port of the worker's Prometheus exporter (Temporal SDK metrics at /metrics); 0: off" },
  WORKER_METRICS_HOST: { default: '127.0.0.1', doc: "Address the worker's exporter binds (0.0.0.0 in a container)" },
  TEMPORAL_CALL_TIMEOUT_MS: {
    default: '30000',
    doc: 'Deadline of the Temporal calls one API request makes; past it the request answers 503 TEMPORAL_UNAVAILABLE',
  },
  IDEMPOTENCY_TTL_HOURS: { default: '72', doc: 'How long an Idempotency-Key answer is kept and replayed (docs/API.md)' },
  RATE_LIMIT_PER_KEY: { default: '5000', doc: 'Requests per second one API key may send (in-process, per API process); more: 429' },
  RATE_LIMIT_PER_ADDRESS: {
    default: '100',
    doc: 'Requests per second one client address may send without a valid key (anonymous, unknown routes, bad keys); more: 429',
  },
  API_KEY_CACHE_TTL_MS: {
    default: '1000',
    doc: 'How long a process trusts a key it looked up: a key disabled or rotated elsewhere is refused after at most this',
  },
  ERROR_TALLY_TTL_DAYS: { default: '35', doc: 'Days the M-2 rejection counts are kept (the daily error reports are kept apart)' },
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
  WORKER_MAX_CACHED_WORKFLOWS: int,
  WORKFLOW_BUNDLE_PATH: z.string().transform((v) => v || undefined),
  STACK_DATA_DIR: z.string().min(1),
  STACK_PORT_OFFSET: z.coerce.number().int().min(0).max(30_000),
  STACK_DATABASE_BACKEND: z.enum(['postgresql', 'sqlite']),
  NODE_ENV: z.string(),
  PAYLOAD_ENCRYPTION_KEYS: z.string().superRefine((keys, ctx) => {
    if (!keys) return;
    try {
      parseEncryptionKeys(keys);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  CODEC_CORS_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim().replace(/\/$/, ''))
        .filter(Boolean),
    )
    .pipe(z.array(z.url())),
  TEMPORAL_UI_URL: z.union([z.literal(''), z.url()]).transform((v) => v.replace(/\/$/, '') || undefined),
  METRICS_TOKEN: z.string().transform((v) => v || undefined),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535),
  WORKER_METRICS_HOST: z.string().min(1),
  TEMPORAL_CALL_TIMEOUT_MS: int,
  IDEMPOTENCY_TTL_HOURS: int,
  RATE_LIMIT_PER_KEY: int,
  RATE_LIMIT_PER_ADDRESS: int,
  API_KEY_CACHE_TTL_MS: int,
  ERROR_TALLY_TTL_DAYS: int,
});

/** The dev key is public: production must bring its own. */
const checkedSchema = schema.superRefine((c, ctx) => {
  if (c.NODE_ENV === 'production' && !c.PAYLOAD_ENCRYPTION_KEYS) {
    ctx.addIssue({ code: 'custom', path: ['PAYLOAD_ENCRYPTION_KEYS'], message: 'required when NODE_ENV=production' });
  }
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const [name, spec] of Object.entries(CONFIG_VARIABLES)) {
    raw[name] = env[name] ?? spec.default;
  }
  const parsed = checkedSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
