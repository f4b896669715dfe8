// Shapes shared by every area. Each rule the server enforces on a field is stated in the OpenAPI
// document as a pattern or bound. A rule the document cannot state (the person ID's check character,
// named by `format: gb11643`) is a refinement; it answers 400 VALIDATION_FAILED naming the field, as API.md has it.
import { z } from 'zod';
import { personIdProblem } from '../../domain/personId';
import { regionCodeSchema } from '../../domain/schemas';

export { regionCodeSchema };

/**
 * A real calendar date YYYY-MM-DD in 1900-2099 (leap years included), spelled as one pattern so the
 * document states exactly what is accepted; test/unit/requestPatterns.test.ts holds it equal to
 * domain/time `isIsoDate` over the whole range.
 */
export const ISO_DATE_PATTERN =
  /^(?:(?:19|20)\d{2}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|02-(?:0[1-9]|1\d|2[0-8]))|(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26]))-02-29)$/;

export const isoDate = z
  .string()
  .regex(ISO_DATE_PATTERN, 'must be a real calendar date YYYY-MM-DD between 1900 and 2099 (Asia/Shanghai)')
  .meta({ example: '2026-03-10' });

/** A clearing period: a month YYYY-MM of 2000-2099. */
export const PERIOD_PATTERN = /^20\d{2}-(?:0[1-9]|1[0-2])$/;
export const period = z.string().regex(PERIOD_PATTERN, 'a month YYYY-MM between 2000-01 and 2099-12').meta({ example: '2026-03' });

/** A real day MMDD other than 29 February. */
const MONTH_DAY = '(?:(?:0[13578]|1[02])(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)(?:0[1-9]|[12]\\d|30)|02(?:0[1-9]|1\\d|2[0-8]))';
/** The leap years of 1850-2099 (1900 is none, 2000 is one). */
const LEAP_YEAR = '(?:18(?:5[26]|6[048]|7[26]|8[048]|9[26])|19(?:0[48]|[2468][048]|[13579][26])|20(?:0[048]|[2468][048]|[13579][26]))';

/**
 * GB 11643: region, a real birth date YYYYMMDD from 1850-01-01 to 2099-12-31 (domain/personId
 * `personIdBirthDate`), sequence, check character. The ISO 7064 MOD 11-2 check character is a
 * weighted sum no pattern can state: the document names it `format: gb11643` (test/api/
 * schemathesis_hooks.py generates such IDs) and a wrong one answers 400 VALIDATION_FAILED.
 */
export const PERSON_ID_PATTERN = new RegExp(`^[1-9]\\d{5}(?:(?:18[5-9]\\d|19\\d{2}|20\\d{2})${MONTH_DAY}|${LEAP_YEAR}0229)\\d{3}[\\dX]$`);

export const personId = z
  .string()
  .regex(PERSON_ID_PATTERN, '18 characters: region, a real birth date YYYYMMDD from 1850 on, sequence, check character (digit or X)')
  .superRefine((id, ctx) => {
    if (!PERSON_ID_PATTERN.test(id)) return; // the pattern already said it
    const problem = personIdProblem(id);
    if (problem === 'CHECK_CHAR') ctx.addIssue({ code: 'custom', message: 'the check character does not match (GB 11643)' });
    else if (problem) ctx.addIssue({ code: 'custom', message: 'characters 7-14 are not a real birth date from 1850 on' });
  })
  .meta({
    format: 'gb11643',
    description: '18-character resident ID (GB 11643); a wrong check character (ISO 7064 MOD 11-2) answers 400 VALIDATION_FAILED',
    example: '11010519491231002X',
  });

/**
 * Whitespace as String.prototype.trim has it: a text of nothing else is blank. Stated as a pattern
 * (one character that is none of them) so the document says what the server refuses.
 */
const NOT_BLANK = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** A free text that must say something: trimmed, 1 to `max` characters, never only whitespace. */
export const nonBlank = (max: number) => z.string().trim().min(1).max(max).regex(NOT_BLANK, 'must not be blank');

export const HOSPITAL_ID_PATTERN = /^H\d{9}$/;
export const hospitalId = z
  .string()
  .regex(HOSPITAL_ID_PATTERN, 'H + 6-digit region code + 3-digit number, e.g. H110000001')
  .meta({ example: 'H110000001' });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }).meta({ id });
}

export const idParams = z.strictObject({ id: z.string().min(1).max(80) });

/** Issue 14: where an operator opens the case in the Temporal UI (ADMIN keys, when TEMPORAL_UI_URL is set). */
export const temporalUiUrl = z
  .url()
  .optional()
  .meta({ description: 'ADMIN only, when the server has TEMPORAL_UI_URL: the case workflow in the Temporal UI' });
