// Admin command: creates one agency's API key and prints it once; only its hash is stored.
//   npm run create-api-key -- --role INSURED_CLERK --region 440800 --label "Zhanjiang counter 3"
//   npm run create-api-key -- --role HOSPITAL --region 110000 --hospital H110000001 --label "协和 settlement counter"
// A HOSPITAL key belongs to one registered institution of its region (H-4).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { connectDatabase, ensureIndexes } from '../../models/connection';
import { apiKeyModel, AGENCY_ROLES } from '../../models/apiKey';
import { createApiKey } from '../http/apiKeys';
import { cliOperator } from './operator';
import { auditCreatedKey } from '../services/adminKeys';
import { systemClock } from '../../clock';
import { findHospital } from '../../domain/policy/hospitals';
import { loadPolicyRegistry } from '../../policies/registry';

const argsSchema = z
  .object({
    role: z.enum(AGENCY_ROLES),
    region: z
      .string()
      .regex(/^\d{6}$/)
      .optional(),
    hospital: z
      .string()
      .regex(/^H\d{9}$/)
      .optional(),
    label: z.string().min(1).max(200),
  })
  .refine((a) => (a.role === 'ADMIN') === (a.region === undefined), {
    message: 'ADMIN keys have no region; every other role needs --region',
  })
  .refine((a) => (a.role === 'HOSPITAL') === (a.hospital !== undefined), {
    message: 'HOSPITAL keys need --hospital <institution id>; other roles take none',
  });

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, region: { type: 'string' }, hospital: { type: 'string' }, label: { type: 'string' } },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(
      `usage: npm run create-api-key -- --role <${AGENCY_ROLES.join('|')}> [--region 440800] [--hospital H110000001] --label "..."\n`,
    );
    process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  if (parsed.data.hospital) {
    const hospital = findHospital(loadPolicyRegistry(config.POLICY_DIR).hospitals(), parsed.data.hospital);
    if (!hospital || hospital.region !== parsed.data.region) {
      process.stderr.write(
        `${parsed.data.hospital} is not a registered institution of region ${parsed.data.region} (policies/hospitals.json)\n`,
      );
      process.exit(2);
    }
  }
  const db = await connectDatabase(config.MONGODB_URI);
  await ensureIndexes([apiKeyModel(db)]);
  const { key, agencyId } = await createApiKey(db, {
    role: parsed.data.role,
    region: parsed.data.region ?? null,
    hospitalId: parsed.data.hospital ?? null,
    label: parsed.data.label,
  });
  // E-2: a key made on the command line is audited like one made through the API.
  await auditCreatedKey({ db, clock: systemClock }, cliOperator(), key);
  process.stdout.write(`agency ${agencyId}\nkey    ${key}\n(shown once; only its hash is stored)\n`);
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
