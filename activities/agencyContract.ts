// The wire contract with the outside agency systems (treatment-region agencies, provincial
// agency, finance). The client (agencyClient.ts) validates what it sends and what it gets back
// with these schemas, and the agency simulator (scripts/agency-simulator) validates requests
// with the very same ones, so the two cannot drift.
import { z } from 'zod';

// ---- shared field shapes -------------------------------------------------------------
export const regionCodeField = z.string().regex(/^\d{6}$/, 'a 6-digit administrative region code');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');
const fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const idField = z.string().min(1).max(200);
const text = z.string().min(1).max(2000);
export const accountField = z.string().min(1).max(100);

// ---- requests --------------------------------------------------------------------------
/** I-2, I-4: the treatment-region agency is told a case is addressed to it. */
export const InquiryNoticeSchema = z.object({
  inquiryId: idField,
  kind: z.enum(['EXPENSE_INQUIRY', 'ISSUE_COLLABORATION']),
  insuredRegion: regionCodeField,
  settlementId: idField,
  reason: text,
  dueDate: isoDate,
  period: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .optional(),
});
export type InquiryNotice = z.infer<typeof InquiryNoticeSchema>;

/** I-4: reminder a few working days before the answer deadline. */
export const InquiryReminderSchema = z.object({
  dueDate: isoDate,
  note: text.optional(),
});
export type InquiryReminder = z.infer<typeof InquiryReminderSchema>;

/** I-3, I-4, RC-3: a case handed to the provincial agency. */
export const EscalationSchema = z.object({
  caseId: idField,
  caseType: z.string().min(1).max(50),
  reason: text,
});
export type Escalation = z.infer<typeof EscalationSchema>;

/** RC-3: the debtor is told what to pay back and by when. */
export const RecoveryNoticeSchema = z.object({
  recoveryId: idField,
  amountFen: fen,
  dueDate: isoDate,
  reason: text,
});
export type RecoveryNotice = z.infer<typeof RecoveryNoticeSchema>;

/** RC-1, RC-4, P-1: one money movement between fund accounts. */
export const TransferRequestSchema = z
  .object({
    transferId: idField,
    fromAccount: accountField,
    toAccount: accountField,
    amountFen: fen,
    purpose: text,
    origin: z.object({ type: z.string().min(1).max(50), id: idField }),
  })
  .refine((t) => t.fromAccount !== t.toAccount, { message: 'fromAccount and toAccount must differ', path: ['toAccount'] });
export type TransferRequest = z.infer<typeof TransferRequestSchema>;

/** Simulator only: the debtor's payment was confirmed by finance. */
export const CollectionConfirmSchema = z.object({ amountFen: fen });
export type CollectionConfirm = z.infer<typeof CollectionConfirmSchema>;

// ---- responses -------------------------------------------------------------------------
export const AgencyReceiptSchema = z.object({ received: z.literal(true), receiptId: z.string().min(1) });
export type AgencyReceipt = z.infer<typeof AgencyReceiptSchema>;

export const TransferResultSchema = z.object({
  transferId: z.string(),
  status: z.literal('COMPLETED'),
  completedAt: z.string(),
});
export type TransferResult = z.infer<typeof TransferResultSchema>;

export const TransferRecordSchema = TransferResultSchema.extend({
  fromAccount: z.string(),
  toAccount: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  origin: z.object({ type: z.string(), id: z.string() }),
});
export type TransferRecord = z.infer<typeof TransferRecordSchema>;

export const CollectionStatusSchema = z.object({
  recoveryId: z.string(),
  confirmed: z.boolean(),
  amountFen: z.number().int().nonnegative(),
});
export type CollectionStatus = z.infer<typeof CollectionStatusSchema>;

export const AccountBalanceSchema = z.object({ account: z.string(), balanceFen: z.number().int() });
export type AccountBalance = z.infer<typeof AccountBalanceSchema>;
