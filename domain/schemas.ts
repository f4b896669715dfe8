// zod schemas of fields shared by request bodies and policy files. They live apart from the rules
// they check (time.ts, personId.ts, regions.ts, filing/types.ts) because workflow code loads every
// module it imports once per case: a rule module that built zod schemas would make every case
// start pay for zod (test/unit/workflowBundle.test.ts keeps zod out of the bundle).
import { z } from 'zod';
import { isIsoDate } from './time';
import { personIdProblem, PERSON_ID_MESSAGES } from './personId';

/** zod schema for request bodies and policy files: a real date written YYYY-MM-DD. */
export const isoDateSchema = z.string().refine(isIsoDate, { message: 'must be a real calendar date written YYYY-MM-DD (Asia/Shanghai)' });

/** 6-digit administrative region code (440800, 220000, 220100, 110000 ...). */
export const regionCodeSchema = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code such as 440800');

/** zod schema for request bodies: an 18-character resident ID with a correct check character. */
export const personIdSchema = z
  .string()
  .length(18, PERSON_ID_MESSAGES.FORMAT)
  .superRefine((id, ctx) => {
    if (id.length !== 18) return; // length already reported
    const problem = personIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: PERSON_ID_MESSAGES[problem], params: { problem } });
  });

export const regionMapSchema = z.strictObject({
  notes: z.array(z.string()).optional(),
  provinces: z.record(
    z.string().regex(/^\d{2}0000$/, 'a province code such as 220000'),
    z.strictObject({ name: z.string().min(1), capital: z.string().regex(/^\d{4}00$/, 'a city code such as 220100') }),
  ),
});

/** Province code -> its capital city's code, and names. */
export type RegionMap = z.infer<typeof regionMapSchema>;
