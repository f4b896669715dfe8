// Settlement request/response shapes of API.md, built from the domain bill schema.
//
// A request is checked in two passes. First the domain's own bill rules (domain/settlement
// validateBill, plus the GB 11643 check character), so each bad bill answers
// SETTLEMENT_BILL_INVALID with a stable problem code per field (AMOUNT_INVALID,
// SELF_SHARE_MISSING, DISCHARGE_BEFORE_ADMISSION, ...) rather than a generic zod message.
// Then the strict shape below, which both rejects unknown fields (VALIDATION_FAILED naming the
// field: a misspelt `selfSharePercent` must not silently settle a B line as if it had none)
// and is what the OpenAPI document shows.
import { z } from 'zod';
import { pageOf, pageQuery } from './common';
import { DomainError } from '../../domain/errors';
import { BillLineSchema, BillSchema, validateBill } from '../../domain/settlement';
import { personIdProblem, personIdSchema } from '../../domain/personId';

const strictLine = z.strictObject(BillLineSchema.shape).meta({
  id: 'BillLine',
  description: 'S-1: class from the treatment-region catalogue; selfSharePercent (0-100) on B lines only',
});

const billShape = {
  ...BillSchema.shape,
  personId: personIdSchema.meta({ description: '18-character resident ID with a correct check character (GB 11643)' }),
  // Spelled as a union so the OpenAPI document lists all three levels.
  hospitalLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).meta({ description: 'S-3: hospital level 1-3' }),
  lines: z.array(strictLine).min(1),
  nonThirdPartyInjury: z
    .strictObject({ statementSigned: z.boolean().optional() })
    .optional()
    .meta({ description: 'S-7: non-third-party injury; settled only once the statement is signed' }),
};

export interface BillFieldProblem {
  path: string;
  problem: string;
  message: string;
}

/** The person ID's check character and birth date; validateBill checks only its shape. */
function personIdProblems(input: Record<string, unknown>, shapeProblems: BillFieldProblem[]): BillFieldProblem[] {
  const id = input.personId;
  if (typeof id !== 'string' || shapeProblems.some((p) => p.path === 'personId')) return [];
  const problem = personIdProblem(id);
  if (problem === null) return [];
  return [
    {
      path: 'personId',
      problem: problem === 'CHECK_CHAR' ? 'PERSON_ID_CHECK_CHAR' : 'PERSON_ID_BIRTH_DATE',
      message:
        problem === 'CHECK_CHAR'
          ? 'the check character does not match (GB 11643); re-check every digit'
          : 'characters 7-14 are not a real birth date',
    },
  ];
}

/** First pass (see the top of the file); anything not an object is left to the strict shape. */
function billRulesFirst(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const problems: BillFieldProblem[] = validateBill(input);
  problems.push(...personIdProblems(input as Record<string, unknown>, problems));
  if (problems.length) {
    throw new DomainError('SETTLEMENT_BILL_INVALID', {
      fields: problems.map((p) => ({ ...p, path: `body.${p.path}` })),
    });
  }
  return input;
}

export const settlementRequestSchema = z.preprocess(
  billRulesFirst,
  z.strictObject(billShape).meta({ id: 'SettlementRequest', description: 'A bill for direct settlement (API.md "Settlement request")' }),
);

export const reimbursementRequestSchema = z.preprocess(
  billRulesFirst,
  z
    .strictObject({
      ...billShape,
      ownFault: z.boolean().meta({ description: "S-4: direct settlement was possible but did not happen through the person's own fault" }),
    })
    .meta({ id: 'ReimbursementRequest', description: 'A self-paid bill for manual reimbursement at the insured region' }),
);

const traceStepSchema = z.object({
  rule: z.string().meta({ description: 'DOMAIN.md rule ID, e.g. S-2' }),
  step: z.string(),
  detail: z.string(),
  valueFen: z.number().int().optional(),
  valuePercent: z.number().optional(),
});

const reductionReason = z.enum([
  'LONG_TERM',
  'REFERRAL',
  'REFERRAL_DESIGNATED_HOSPITAL',
  'EMERGENCY',
  'OTHER_TEMPORARY',
  'OWN_FAULT_MANUAL',
  'UNFILED_MANUAL',
]);

export const settlementSchema = z
  .object({
    id: z.string().nullable().meta({ description: 'null for a quote: nothing was stored' }),
    kind: z.enum(['DIRECT', 'REIMBURSEMENT']),
    stored: z.boolean().meta({ description: 'false for a quote' }),
    personId: z.string(),
    scheme: z.string(),
    personCategory: z.string(),
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    hospitalId: z.string(),
    hospitalLevel: z.number().int(),
    visitType: z.string(),
    admissionDate: z.string(),
    dischargeDate: z.string().nullable(),
    totalFen: z.number().int(),
    eligibleFen: z.number().int().meta({ description: 'S-2: sum(A) + sum(B x (1 - selfShare))' }),
    deductibleFen: z.number().int().meta({ description: 'Deductible applied to this bill' }),
    basePercent: z.number().meta({ description: 'Base ratio (+ retired bonus) before reductions' }),
    ratioPercent: z.number().meta({ description: 'After reductions (S-3), never below 0' }),
    reductionPoints: z.number(),
    reductionReason,
    reductions: z.array(z.object({ reason: reductionReason, points: z.number() })),
    fundFen: z.number().int(),
    personalFen: z.number().int(),
    capAppliedFen: z.number().int().meta({ description: 'Fund money cut off by the annual cap' }),
    filingId: z.string().optional().meta({ description: 'The filing the bill settled under (absent: emergency or unfiled)' }),
    ownFault: z.boolean().optional().meta({ description: 'Reimbursements: the S-4 flag as given' }),
    policyRegion: z.string().meta({ description: 'Insured-region policy used (S-1)' }),
    policyVersion: z.string(),
    accumulator: z
      .object({
        key: z.string().meta({ description: 'person:scheme:year:visitType (S-5)' }),
        deductibleFen: z.number().int(),
        fundFen: z.number().int(),
      })
      .meta({ description: 'What this settlement adds to the annual accumulator (S-5), once' }),
    period: z.string().nullable().meta({ description: 'Clearing period YYYY-MM (P-1); null for a quote' }),
    settledAt: z.string().meta({ description: 'When it was computed (ISO 8601, +08:00)' }),
    ruleTrace: z.array(traceStepSchema).meta({ description: 'S-6: every step, for a clerk to explain the result' }),
    status: z
      .enum(['SETTLED', 'REVERSED'])
      .optional()
      .meta({ description: 'Stored settlements: REVERSED once reversed (S-8); absent on a quote' }),
    reversal: z
      .object({ id: z.string(), reason: z.string(), reversedAt: z.string() })
      .optional()
      .meta({ description: 'The reversal, once reversed (S-8)' }),
  })
  .meta({ id: 'Settlement' });

export type SettlementBody = z.infer<typeof settlementSchema>;

export const reversalRequestSchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(500).describe('Why the settlement is reversed (wrong bill, patient left, ...)'),
  })
  .meta({ id: 'ReversalRequest' });

export const reversalSchema = z
  .object({
    id: z.string().meta({ description: 'REV-<settlementId>: one reversal per settlement' }),
    settlementId: z.string(),
    hospitalId: z.string(),
    personId: z.string(),
    reason: z.string(),
    reversedAt: z.string().meta({ description: 'ISO 8601, +08:00' }),
    period: z.string().meta({ description: 'Clearing period of the reversed settlement (P-6)' }),
    deductibleFen: z.number().int().meta({ description: 'Deductible given back to the annual accumulator (S-8)' }),
    fundFen: z.number().int().meta({ description: 'Fund amount given back to the annual accumulator (S-8)' }),
    accumulator: z.object({ key: z.string() }),
  })
  .meta({ id: 'Reversal' });

export type ReversalBody = z.infer<typeof reversalSchema>;

export const settlementListQuery = z.strictObject({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
    .optional()
    .describe('Clearing period of the settlement date'),
  personId: z
    .string()
    .regex(/^\d{17}[\dX]$/, '18-character resident ID')
    .optional()
    .describe('Either of a person’s numbers (X-1)'),
  ...pageQuery,
});

export const settlementPageSchema = pageOf(settlementSchema, 'SettlementPage');
