// Recovery request/response shapes of API.md (RC-1..RC-4).
import { z } from 'zod';
import { FINE_KINDS, RECOVERY_SOURCE_TYPES, RECOVERY_STATUSES } from '../../domain/recovery/types';
import { SCHEMES } from '../../domain/filing/types';
import { caseEventSchema } from './inquiry';
import { pageOf, pageQuery, nonBlank, temporalUiUrl } from './common';
import { regionCodeSchema } from '../../domain/schemas';

const fen = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Ids end up in workflow ids (REC-AUD-<region>-<id>): letters, digits and . _ - only. */
const sourceId = z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, '1-80 letters, digits, dot, underscore or dash');

const fineSchema = z.strictObject({
  kind: z.enum(FINE_KINDS),
  amountFen: fen,
  note: z.string().max(500).optional(),
});

export const recoveryRequestSchema = z
  .strictObject({
    amountFen: fen.meta({ description: 'Fund money to recover (fines excluded, RC-1)' }),
    source: z.strictObject({ type: z.enum(RECOVERY_SOURCE_TYPES), id: sourceId }).meta({
      description:
        "RC-2: one recovery per source. INQUIRY: a confirmed VERIFIED_ISSUE inquiry, at most its disallowed amount; COMMITMENT: a LAPSED filing, at most its recoveryObligationFen; AUDIT, FRAUD: your region's case number",
    }),
    debtor: nonBlank(100).meta({ description: 'Who owes it: hospital id, person, or agency' }),
    reason: nonBlank(2000),
    treatmentRegion: regionCodeSchema,
    insuredRegion: regionCodeSchema.optional().meta({ description: 'Default: your region (required for ADMIN)' }),
    debtorRegion: regionCodeSchema.optional().meta({ description: 'Agency that notifies and collects; default treatmentRegion' }),
    scheme: z.enum(SCHEMES).optional().meta({
      description: 'Scheme of the fund that paid; looked up from an INQUIRY/COMMITMENT source when absent; required for AUDIT and FRAUD',
    }),
    fines: z
      .array(fineSchema)
      .max(20)
      .default([])
      .meta({ description: 'RC-1: recorded, retained by the treatment region, never transferred' }),
  })
  .meta({
    id: 'RecoveryRequest',
    // An AUDIT or FRAUD source carries no scheme to look up (RECOVERY_SCHEME_REQUIRED, 400).
    if: { properties: { source: { properties: { type: { enum: ['AUDIT', 'FRAUD'] } } } } },
    then: { required: ['scheme'] },
  });

export const recoverySchema = z
  .object({
    id: z.string(),
    temporalUiUrl,
    status: z.enum(RECOVERY_STATUSES),
    amountFen: z.number().int(),
    source: z.object({ type: z.enum(RECOVERY_SOURCE_TYPES), id: z.string() }),
    debtor: z.string(),
    debtorRegion: z.string(),
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    scheme: z.string(),
    reason: z.string(),
    targetAccount: z.string().meta({ description: "RC-1: the insured region's fund account that paid" }),
    collectionAccount: z.string(),
    transferId: z.string(),
    fines: z.array(fineSchema),
    finesRetainedFen: z.number().int(),
    orderedOn: z.string(),
    dueDate: z.string().meta({ description: 'RC-3 debtor deadline (inclusive)' }),
    reminderDates: z.array(z.string()),
    remindersSent: z.number().int(),
    overdue: z.boolean(),
    escalated: z.boolean(),
    collectedFen: z.number().int(),
    collectedOn: z.string().nullable(),
    transfer: z
      .object({
        transferId: z.string(),
        fromAccount: z.string(),
        toAccount: z.string(),
        amountFen: z.number().int(),
        completedAt: z.string(),
      })
      .nullable(),
    transferRefusal: z
      .object({ refusedOn: z.string(), reason: z.string(), key: z.string() })
      .nullable()
      .meta({ description: 'RC-3, RC-4: finance refused the transfer (status TRANSFER_REFUSED); retry it with POST .../transfer-retry' }),
    transferRetries: z.number().int().meta({ description: 'Clerk retries of a refused transfer' }),
    offset: z.object({ clearingId: z.string(), amountFen: z.number().int(), offsetOn: z.string() }).nullable().meta({
      description: "RC-3, P-2: the monthly clearing that deducted this debt from the insured region's payment (status OFFSET, then CLOSED)",
    }),
    reconciliation: z
      .object({
        reconciledOn: z.string(),
        financeAmountFen: z.number().int(),
        ledgerBalanced: z.boolean(),
        matched: z.boolean(),
        problems: z.array(z.string()),
      })
      .nullable(),
    closedOn: z.string().nullable(),
    nextDeadline: z.object({ kind: z.enum(['REMINDER', 'DEBTOR_DEADLINE']), date: z.string() }).nullable(),
    events: z.array(caseEventSchema),
  })
  .meta({ id: 'Recovery' });

export const recoveryListQuery = z.strictObject({
  status: z.enum(RECOVERY_STATUSES).optional(),
  sourceType: z.enum(RECOVERY_SOURCE_TYPES).optional(),
  ...pageQuery,
});

export const recoveryPageSchema = pageOf(recoverySchema, 'RecoveryPage');

export const transferRetrySchema = z
  .strictObject({ note: z.string().trim().max(1000).optional().meta({ description: 'What was cleared with finance' }) })
  .meta({ id: 'RecoveryTransferRetry' });

export const paymentReportSchema = z.strictObject({ note: z.string().trim().max(1000).optional() }).meta({ id: 'RecoveryPaymentReport' });

const balanceLine = z.object({ debitFen: z.number().int(), creditFen: z.number().int(), balanced: z.boolean() });

export const recoveryLedgerSchema = z
  .object({
    recoveryId: z.string(),
    entries: z.array(
      z.object({
        entryId: z.string(),
        movementId: z.string(),
        step: z.string(),
        side: z.enum(['DEBIT', 'CREDIT']),
        account: z.string(),
        amountFen: z.number().int(),
        origin: z.object({ type: z.string(), id: z.string() }),
        bookedOn: z.string(),
        memo: z.string(),
      }),
    ),
    balance: balanceLine.extend({ byAccount: z.record(z.string(), z.number().int()), brokenMovements: z.array(z.string()) }),
  })
  .meta({ id: 'RecoveryLedger' });
