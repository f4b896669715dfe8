// Settlement request/response shapes of API.md, built from the domain bill schema.
//
// A request is checked in two passes. First the domain's own bill rules (domain/settlement
// validateBill, plus the GB 11643 check character), so each bad bill answers with a stable
// problem code per field (AMOUNT_INVALID, SELF_SHARE_MISSING, DISCHARGE_BEFORE_ADMISSION, ...)
// rather than a generic zod message: SETTLEMENT_BILL_INVALID (400, VALIDATION as API.md has it,
// whether or not the OpenAPI document can state the rule). Then the strict shape below, which both rejects unknown
// fields (VALIDATION_FAILED naming the field: a misspelt `selfSharePercent` must not silently
// settle a B line as if it had none) and is what the OpenAPI document shows.
import { z } from 'zod';
import { isoDate, pageOf, pageQuery, period, personId, nonBlank } from './common';
import { DomainError } from '../../domain/errors';
import { BillLineSchema, BillSchema, validateBill } from '../../domain/settlement';
import { personIdProblem } from '../../domain/personId';

const safeFen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const lineText = { code: BillLineSchema.shape.code.max(100), name: BillLineSchema.shape.name.max(200), amountFen: safeFen };
// S-2: a B line carries its self share, an A or SELF line none; one shape per class, so the document says it.
const strictLine = z
  .discriminatedUnion('class', [
    z.strictObject({ ...lineText, class: z.literal('B'), selfSharePercent: BillLineSchema.shape.selfSharePercent.unwrap() }),
    z.strictObject({ ...lineText, class: z.enum(['A', 'SELF']) }),
  ])
  .meta({
    id: 'BillLine',
    description: 'S-1: class from the treatment-region catalogue; selfSharePercent (0-100) on B lines only',
  });

const billShape = {
  ...BillSchema.shape,
  personId,
  admissionDate: isoDate,
  dischargeDate: isoDate.optional(),
  hospitalId: BillSchema.shape.hospitalId.max(40),
  referredBy: BillSchema.shape.referredBy.unwrap().max(40).optional(),
  // Spelled as a union so the OpenAPI document lists all three levels.
  hospitalLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).meta({ description: 'S-3: hospital level 1-3' }),
  lines: z.array(strictLine).min(1).max(1000),
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
  if (problem === 'FORMAT') {
    return [{ path: 'personId', problem: 'PERSON_ID_FORMAT', message: 'region, birth date YYYYMMDD, sequence and check character' }];
  }
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
    throw new DomainError('SETTLEMENT_BILL_INVALID', { fields: problems.map((p) => ({ ...p, path: `body.${p.path}` })) });
  }
  return input;
}

const settlementShape = z
  .strictObject(billShape)
  .meta({ id: 'SettlementRequest', description: 'A bill for direct settlement (API.md "Settlement request")' });
export const settlementRequestSchema = z.preprocess(billRulesFirst, settlementShape);

const reimbursementShape = z
  .strictObject({
    ...billShape,
    ownFault: z.boolean().meta({ description: "S-4: direct settlement was possible but did not happen through the person's own fault" }),
  })
  .meta({ id: 'ReimbursementRequest', description: 'A self-paid bill for manual reimbursement at the insured region' });
export const reimbursementRequestSchema = z.preprocess(billRulesFirst, reimbursementShape);

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
    reason: nonBlank(500).describe('Why the settlement is reversed (wrong bill, patient left, ...)'),
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
  period: period.optional().describe('Clearing period of the settlement date'),
  personId: personId.optional().describe('Either of a person’s numbers (X-1)'),
  ...pageQuery,
});

export const settlementPageSchema = pageOf(settlementSchema, 'SettlementPage');
