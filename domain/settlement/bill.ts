// The bill a hospital sends for direct settlement (API.md "Settlement request"), its zod schema
// (the API can build its OpenAPI document from the same schema) and the checks that turn bad
// input into one VALIDATION error listing every failing field (E-1: bad input never reaches a
// workflow). Each field problem carries its own stable problem code.
import { z } from 'zod';
import { DomainError } from '../errors/types';
import { SCHEMES, VISIT_TYPES } from '../policy/settlementPolicy';
import { IsoDateSchema, PercentSchema } from '../policy/settlementPolicyFile';

/** Stable per-field problem codes inside SETTLEMENT_BILL_INVALID details.fields[]. */
export type BillProblem =
  | 'REQUIRED'
  | 'WRONG_TYPE'
  | 'UNKNOWN_VALUE'
  | 'PERSON_ID_FORMAT'
  | 'REGION_CODE_FORMAT'
  | 'SAME_REGION'
  | 'HOSPITAL_LEVEL_INVALID'
  | 'DATE_INVALID'
  | 'DISCHARGE_BEFORE_ADMISSION'
  | 'NO_LINES'
  | 'AMOUNT_INVALID'
  | 'TOTAL_TOO_LARGE'
  | 'SELF_SHARE_MISSING'
  | 'SELF_SHARE_OUT_OF_RANGE'
  | 'SELF_SHARE_NOT_ALLOWED'
  | 'TEXT_EMPTY'
  | 'INVALID';

export interface FieldProblem {
  /** Dotted path, e.g. 'lines.2.selfSharePercent'. */
  path: string;
  problem: BillProblem;
  message: string;
}

const RegionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit administrative region code');

export const BillLineSchema = z
  .object({
    code: z.string().min(1, 'must not be empty'),
    name: z.string().min(1, 'must not be empty'),
    /** S-1: catalogue class from the TREATMENT region's catalogue. */
    class: z.enum(['A', 'B', 'SELF']),
    amountFen: z.number().int('must be whole fen (an integer)').min(0, 'must not be negative'),
    /** S-2: the self-paid share of a B line, 0-100; required on B lines, forbidden on A/SELF. */
    selfSharePercent: PercentSchema.optional(),
  })
  .superRefine((line, ctx) => {
    // Checked per line so these problems are reported alongside problems elsewhere in the bill.
    if (line.class === 'B' && line.selfSharePercent === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['selfSharePercent'],
        params: { problem: 'SELF_SHARE_MISSING' },
        message: 'a B line needs selfSharePercent (0-100) from the treatment-region catalogue',
      });
    }
    if (line.class !== 'B' && line.selfSharePercent !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['selfSharePercent'],
        params: { problem: 'SELF_SHARE_NOT_ALLOWED' },
        message: `a ${line.class} line has no self share; remove selfSharePercent or correct the class`,
      });
    }
  });

const bill = z.object({
  /** 18-character resident ID; the check character itself is verified by domain/personId. */
  personId: z.string().regex(/^\d{17}[\dX]$/, 'must be 17 digits and a check character (digit or uppercase X)'),
  scheme: z.enum(SCHEMES),
  personCategory: z.enum(['IN_SERVICE', 'RETIRED']),
  insuredRegion: RegionCode,
  treatmentRegion: RegionCode,
  hospitalId: z.string().min(1, 'must not be empty'),
  hospitalLevel: z.literal([1, 2, 3], 'must be 1, 2 or 3'),
  visitType: z.enum(VISIT_TYPES),
  admissionDate: IsoDateSchema,
  dischargeDate: IsoDateSchema.optional(),
  lines: z.array(BillLineSchema).min(1, 'a bill needs at least one line'),
  /** F-3: emergency rescue, deemed filed. */
  emergency: z.boolean().optional(),
  /** S-3: referring hospital id (440800 designated referrers). */
  referredBy: z.string().min(1, 'must not be empty').optional(),
  /** S-7: non-third-party injury; settled directly only once the statement is signed. */
  nonThirdPartyInjury: z.object({ statementSigned: z.boolean().optional() }).optional(),
});

export const BillSchema = bill.superRefine((b, ctx) => {
  const add = (path: (string | number)[], problem: BillProblem, message: string) =>
    ctx.addIssue({ code: 'custom', path, message, params: { problem } });

  if (b.insuredRegion === b.treatmentRegion) {
    add(['treatmentRegion'], 'SAME_REGION', 'treatment region equals insured region; this is local care, not cross-region settlement');
  }
  if (b.dischargeDate !== undefined && b.dischargeDate < b.admissionDate) {
    add(['dischargeDate'], 'DISCHARGE_BEFORE_ADMISSION', 'discharge date is before admission date');
  }
  let total = 0n;
  for (const line of b.lines) total += BigInt(line.amountFen);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    add(['lines'], 'TOTAL_TOO_LARGE', 'the sum of the lines is too large; split the bill');
  }
});

export type Bill = z.infer<typeof BillSchema>;
export type BillLine = z.infer<typeof BillLineSchema>;

const ENUM_FIELDS = new Set(['scheme', 'personCategory', 'visitType', 'class']);

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Map a zod issue to our stable problem code by what failed and where. */
function problemOf(issue: z.core.$ZodIssue, input: unknown): BillProblem {
  const own = issue.code === 'custom' ? (issue.params as { problem?: BillProblem } | undefined)?.problem : undefined;
  if (own) return own;
  const field = String(issue.path[issue.path.length - 1] ?? '');
  if (issue.code !== 'custom' && valueAt(input, issue.path) === undefined) return 'REQUIRED';
  switch (field) {
    case 'amountFen':
      return 'AMOUNT_INVALID';
    case 'selfSharePercent':
      return 'SELF_SHARE_OUT_OF_RANGE';
    case 'hospitalLevel':
      return 'HOSPITAL_LEVEL_INVALID';
    case 'personId':
      return 'PERSON_ID_FORMAT';
    case 'insuredRegion':
    case 'treatmentRegion':
      return 'REGION_CODE_FORMAT';
    case 'admissionDate':
    case 'dischargeDate':
      return 'DATE_INVALID';
    case 'lines':
      return issue.code === 'too_small' ? 'NO_LINES' : 'WRONG_TYPE';
  }
  if (ENUM_FIELDS.has(field)) return 'UNKNOWN_VALUE';
  if (issue.code === 'too_small' && valueAt(input, issue.path) === '') return 'TEXT_EMPTY';
  if (issue.code === 'invalid_type') return 'WRONG_TYPE';
  return 'INVALID';
}

/** Every field problem of a would-be bill; empty when the bill is acceptable. */
export function validateBill(input: unknown): FieldProblem[] {
  const result = BillSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    problem: problemOf(issue, input),
    message: issue.message,
  }));
}

/** The bill, checked; throws DomainError SETTLEMENT_BILL_INVALID {fields} (VALIDATION 400). */
export function parseBill(input: unknown): Bill {
  const result = BillSchema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError('SETTLEMENT_BILL_INVALID', { fields: validateBill(input) });
}
