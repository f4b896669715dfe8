// Clearing, advance and monitoring shapes of docs/API.md (P-1..P-6, M-1, M-2). Field names are the
// contract's; everything else the workflow document carries is added beside them.
import { z } from 'zod';
import { CLEARING_STATUSES, EXCEPTION_KINDS, RESOLUTION_DECISIONS } from '../../domain/clearing/types';
import { ALERT_LEVELS, TOP_UP_REQUEST_STATUSES } from '../../domain/advance/types';
import { WARNING_KINDS } from '../../domain/monitoring';
import { caseEventSchema } from './inquiry';
import { hospitalId, isoDate, pageOf, pageQuery, period, nonBlank, temporalUiUrl } from './common';
import { regionCodeSchema } from '../../domain/schemas';

export const periodSchema = period;
const fen = z.number().int();
const positiveFen = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const nonNegativeFen = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const row = { count: z.number().int(), fundFen: fen };

export const clearingIdParams = z.strictObject({
  id: z.string().regex(/^CLR-\d{6}-\d{6}-\d{4}-\d{2}$/, 'CLR-<insured>-<treatment>-<YYYY-MM>'),
});
export const exceptionParams = clearingIdParams.extend({ exceptionId: z.string().min(1).max(300) });

const resolutionSchema = z.object({ decision: z.enum(RESOLUTION_DECISIONS), note: z.string(), decidedOn: z.string(), by: z.string() });

export const clearingExceptionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(EXCEPTION_KINDS),
    settlementId: z.string(),
    lineId: z.string(),
    lineKind: z.enum(['SETTLEMENT', 'REVERSAL']),
    oursFen: fen.optional(),
    theirsFen: fen.optional(),
    scheme: z.string(),
    visitType: z.string(),
    hospitalId: z.string(),
    carriedFrom: z.string().optional().meta({ description: 'the clearing this exception was deferred from (P-2 DEFER)' }),
    resolution: resolutionSchema.optional(),
  })
  .meta({ id: 'ClearingException' });

export const statementSchema = z
  .object({
    madeOn: z.string(),
    count: z.number().int().meta({ description: 'settlements in the statement' }),
    fundFen: fen.meta({ description: 'fund of every line (reversal adjustments negative)' }),
    byScheme: z.array(z.object({ scheme: z.string(), ...row })),
    byVisitType: z.array(z.object({ visitType: z.string(), ...row })),
    adjustments: z.object(row).meta({ description: 'P-6: late records and reversals after a lock, included above' }),
    recoveryOffsetFen: fen.meta({ description: 'RC-3: recovered money offset against this clearing' }),
    recoveries: z.array(z.object({ recoveryId: z.string(), amountFen: fen })),
    netDueFen: fen,
    lineCount: z.number().int(),
  })
  .meta({ id: 'ClearingStatement' });

export const clearingSchema = z
  .object({
    id: z.string(),
    temporalUiUrl,
    period: z.string(),
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    status: z.enum(CLEARING_STATUSES),
    openedOn: z.string(),
    lock: z
      .object({ lockedAt: z.string(), count: z.number().int(), fundFen: fen, adjustments: z.object(row) })
      .nullable()
      .meta({ description: 'P-6: what the lock counted' }),
    reconciliation: z.object({
      matched: z.number().int(),
      onlyOurs: z.number().int(),
      onlyTheirs: z.number().int(),
      amountDiffers: z.number().int(),
      resolved: z.number().int(),
      ratePercent: z.number(),
      carriedIn: z.number().int(),
      ourCount: z.number().int().nullable(),
      ourFundFen: fen.nullable(),
      theirCount: z.number().int().nullable(),
      theirFundFen: fen.nullable(),
      reconciledOn: z.string().nullable(),
    }),
    exceptions: z.array(clearingExceptionSchema),
    statement: statementSchema.nullable(),
    rates: z.object({ reconciliationPercent: z.number(), settlementPercent: z.number(), applicationPercent: z.number() }),
    application: z.object({ appliedOn: z.string(), receiptId: z.string() }).nullable(),
    dueDate: z.string(),
    reminderDates: z.array(z.string()),
    remindersSent: z.number().int(),
    overdue: z.boolean(),
    escalated: z.boolean(),
    delayReport: z
      .object({ reason: z.string(), expectedDate: z.string(), reportedOn: z.string(), by: z.string(), reports: z.number().int() })
      .nullable(),
    payment: z
      .object({
        amountFen: fen,
        paidOn: z.string(),
        bankFeeFen: fen,
        interestFen: fen,
        recordedOn: z.string(),
        by: z.string(),
        late: z.boolean(),
      })
      .nullable(),
    closedOn: z.string().nullable(),
    nextDeadline: z.object({ kind: z.string(), date: z.string() }).nullable(),
    events: z.array(caseEventSchema),
  })
  .meta({ id: 'Clearing' });

export const clearingPageSchema = pageOf(clearingSchema, 'ClearingPage');

export const clearingListQuery = z.strictObject({
  period: periodSchema.optional(),
  treatmentRegion: regionCodeSchema.optional(),
  insuredRegion: regionCodeSchema.optional().meta({ description: 'agencies and admins: one insured region' }),
  status: z.enum(CLEARING_STATUSES).optional(),
  ...pageQuery,
});

export const resolutionRequestSchema = z
  .strictObject({ decision: z.enum(RESOLUTION_DECISIONS), note: z.string().trim().max(1000).default('') })
  .meta({ id: 'ClearingExceptionResolution' });

export const delayReportRequestSchema = z
  .strictObject({ reason: nonBlank(2000), expectedDate: isoDate })
  .meta({ id: 'ClearingDelayReport' });

export const paymentRequestSchema = z
  .strictObject({
    amountFen: nonNegativeFen.meta({ description: 'must equal the statement’s netDueFen (paid in full)' }),
    paidOn: isoDate,
    bankFeeFen: nonNegativeFen.default(0).meta({ description: 'P-4: booked to the agency’s administrative expense, never the fund' }),
    interestFen: nonNegativeFen.default(0).meta({ description: 'P-4: interest on the advance, accrues to the treatment region' }),
  })
  .meta({ id: 'ClearingPayment' });

export const clearingRunRequestSchema = z
  .strictObject({ period: periodSchema, insuredRegion: regionCodeSchema, treatmentRegion: regionCodeSchema })
  .meta({ id: 'ClearingRun' });

// ---- advance (P-1, P-5) ----
export const topUpRequestSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    status: z.enum(TOP_UP_REQUEST_STATUSES),
    openedOn: z.string(),
    usagePercentAtCrossing: z.number(),
    dueDate: z.string(),
    reminderDates: z.array(z.string()),
    remindersSent: z.number().int(),
    escalations: z.number().int(),
    closedOn: z.string().nullable(),
    closedByTopUp: z.object({ topUpId: z.string(), amountFen: fen }).nullable(),
  })
  .meta({ id: 'AdvanceTopUpRequest' });

export const advanceSchema = z
  .object({
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    year: z.number().int(),
    quotaFen: fen,
    balanceFen: fen,
    outstandingFen: fen,
    usagePercent: z.number(),
    alert: z.enum(ALERT_LEVELS),
    yellowPercent: z.number(),
    redPercent: z.number(),
    topUpRequestId: z.string().optional().meta({ description: 'P-5: the open emergency top-up request, if any' }),
    topUpRequests: z.array(topUpRequestSchema).meta({ description: 'the newest requests of the pair' }),
    events: z.array(caseEventSchema),
  })
  .meta({ id: 'Advance' });

export const advanceListSchema = z.object({ items: z.array(advanceSchema) }).meta({ id: 'AdvanceList' });

export const advanceQuery = z.strictObject({ insuredRegion: regionCodeSchema.optional(), treatmentRegion: regionCodeSchema.optional() });

export const topUpBodySchema = z
  .strictObject({
    treatmentRegion: regionCodeSchema,
    amountFen: positiveFen,
    insuredRegion: regionCodeSchema.optional().meta({ description: 'default: your region (required for ADMIN)' }),
  })
  .meta({ id: 'AdvanceTopUp' });

export const topUpResultSchema = z
  .object({
    topUpId: z.string(),
    treatmentRegion: z.string(),
    insuredRegion: z.string(),
    amountFen: fen,
    on: z.string(),
    advance: advanceSchema,
  })
  .meta({ id: 'AdvanceTopUpResult' });

export const quotaBodySchema = z
  .strictObject({
    treatmentRegion: regionCodeSchema,
    quotaFen: positiveFen,
    year: z.number().int().min(2000).max(2100).optional().meta({ description: 'default: this year' }),
  })
  .meta({ id: 'AdvanceQuota' });

// ---- monitoring (M-1) ----
export const indicatorSchema = z
  .object({
    period: z.string(),
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    hospitalId: z.string().optional(),
    visits: z.number().int(),
    totalFen: fen,
    fundFen: fen,
    disallowedFen: fen,
    avgCostFen: fen,
    avgCostGrowthPercent: z.number().optional().meta({ description: 'month over month' }),
    yoyGrowthPercent: z.number().optional(),
    reimbursementPercent: z.number(),
    deductionRatePercent: z.number(),
    localDeductionRatePercent: z.number(),
  })
  .meta({ id: 'Indicator' });

export const indicatorQuery = z.strictObject({
  period: periodSchema,
  treatmentRegion: regionCodeSchema.optional(),
  insuredRegion: regionCodeSchema.optional(),
  hospitalId: hospitalId.optional(),
});

export const warningSchema = z
  .object({
    id: z.string(),
    kind: z.enum(WARNING_KINDS),
    period: z.string(),
    scope: z.object({ insuredRegion: z.string(), treatmentRegion: z.string(), hospitalId: z.string().optional() }),
    value: z.number(),
    threshold: z.number(),
    status: z.enum(['OPEN', 'ACKNOWLEDGED']),
    note: z.string().optional(),
    acknowledgedBy: z.string().optional(),
    acknowledgedOn: z.string().optional(),
    raisedAt: z.string(),
  })
  .meta({ id: 'Warning' });

export const warningPageSchema = pageOf(warningSchema, 'WarningPage');

export const warningQuery = z.strictObject({
  period: periodSchema.optional(),
  status: z.enum(['OPEN', 'ACKNOWLEDGED']).optional(),
  treatmentRegion: regionCodeSchema.optional(),
  ...pageQuery,
});

export const warningParams = z.strictObject({ id: z.string().min(1).max(200) });
export const acknowledgementSchema = z.strictObject({ note: nonBlank(2000) }).meta({ id: 'WarningAcknowledgement' });
