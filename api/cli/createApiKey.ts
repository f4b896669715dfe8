// Admin command: creates one agency's API key and prints it once; only its hash is stored.
//   npm run create-api-key -- --role INSURED_CLERK --region 440800 --label "Zhanjiang counter 3"
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { connectDatabase, ensureIndexes } from '../../models/connection';
import { apiKeyModel, AGENCY_ROLES } from '../../models/apiKey';
import { createApiKey } from '../http/apiKeys';

const argsSchema = z
  .object({
    role: z.enum(AGENCY_ROLES),
    region: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    label: z.string().min(1).max(200),
  })
  .refine((a) => (a.role === 'ADMIN') === (a.region === undefined), {
    message: 'ADMIN keys have no region; every other role needs --region',
  });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, region: { type: 'string' }, label: { type: 'string' } } });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`usage: npm run create-api-key -- --role <${AGENCY_ROLES.join('|')}> [--region 440800] --label "..."\n`);
    process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const db = await connectDatabase(config.MONGODB_URI);
  await ensureIndexes([apiKeyModel(db)]);
  const { key, agencyId } = await createApiKey(db, {
    role: parsed.data.role,
    region: parsed.data.region ?? null,
    label: parsed.data.label,
  });
  process.stdout.write(`agency ${agencyId}\nkey    ${key}\n(shown once; only its hash is stored)\n`);
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
