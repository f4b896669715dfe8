// Admin command: list, disable and rotate API keys on the database at MONGODB_URI, for operators
// without an ADMIN key at hand (the same use cases as /api/v1/admin/keys, audited the same way,
// the actor being `CLI:<os user>`). Create keys with `npm run create-api-key`.
//   npm run api-keys -- list [--role HOSPITAL] [--disabled true|false]
//   npm run api-keys -- disable <id>
//   npm run api-keys -- rotate <id>        (prints the new secret once; only its hash is stored)
// A key disabled or rotated here is refused at once by new lookups; running API processes refuse
// it within API_KEY_CACHE_TTL_MS (their key cache).
import os from 'node:os';
import { parseArgs } from 'node:util';
import type mongoose from 'mongoose';
import { loadConfig } from '../../config';
import { systemClock } from '../../clock';
import { DomainError, lookupError } from '../../domain/errors';
import { connectDatabase, ensureIndexes } from '../../models/connection';
import { apiKeyModel, AGENCY_ROLES, type AgencyRole } from '../../models/apiKey';
import { auditEventModel } from '../../models/auditEvent';
import { disableKey, listKeys, rotateKey, type ApiKeyView } from '../services/adminKeys';
import { cliOperator } from './operator';

const USAGE = `usage: npm run api-keys -- list [--role <${AGENCY_ROLES.join('|')}>] [--disabled true|false]
       npm run api-keys -- disable <id>
       npm run api-keys -- rotate <id>
`;

/** Thrown for a bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

function row(k: ApiKeyView): string {
  return [k.id, k.prefix.padEnd(8), k.disabled ? 'DISABLED' : 'active  ', k.role.padEnd(16), k.agencyId, k.label].join('  ');
}

/**
 * Runs one command against the database and answers what to print. Exported for the tests; the
 * process entry point below only parses the environment and connects.
 */
export async function runApiKeysCommand(db: mongoose.Connection, argv: string[], operator = os.userInfo().username): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, disabled: { type: 'string' } },
  });
  const [command, id, ...rest] = positionals;
  const actor = cliOperator(operator);
  const ctx = { db, clock: systemClock };
  if (command === 'list') {
    if (id !== undefined) throw new UsageError('list takes no id');
    if (values.role !== undefined && !AGENCY_ROLES.includes(values.role as AgencyRole)) throw new UsageError(`unknown role ${values.role}`);
    if (values.disabled !== undefined && values.disabled !== 'true' && values.disabled !== 'false') {
      throw new UsageError('--disabled takes true or false');
    }
    const page = await listKeys(ctx, {
      role: values.role as AgencyRole | undefined,
      disabled: values.disabled === undefined ? undefined : values.disabled === 'true',
      page: 1,
      pageSize: Number.MAX_SAFE_INTEGER,
    });
    return `${page.items.map(row).join('\n')}${page.items.length ? '\n' : ''}(${page.total} keys)\n`;
  }
  if (command !== 'disable' && command !== 'rotate') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  if (!id || rest.length || values.role !== undefined || values.disabled !== undefined) throw new UsageError(`${command} takes one key id`);
  if (!/^[0-9a-f]{24}$/.test(id)) throw new UsageError(`${id} is not the id of a key as listed`);
  if (command === 'disable') {
    const key = await disableKey(ctx, actor, id);
    return `disabled ${row(key)}\n`;
  }
  const rotated = await rotateKey(ctx, actor, id);
  return `rotated ${row(rotated)}\nkey    ${rotated.key}\n(shown once; only its hash is stored; the old secret is refused from now on)\n`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await connectDatabase(config.MONGODB_URI);
  try {
    await ensureIndexes([apiKeyModel(db), auditEventModel(db)]);
    process.stdout.write(await runApiKeysCommand(db, process.argv.slice(2)));
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n${USAGE}`);
      process.exit(2);
    }
    if (err instanceof DomainError) {
      const entry = lookupError(err.code);
      process.stderr.write(`${err.code}: ${entry.zh} ${entry.en} ${JSON.stringify(err.details)}\n`);
      process.exit(1);
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
