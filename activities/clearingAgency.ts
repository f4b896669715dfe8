// The wire contract and client for what the treatment-region agency systems do in clearing
// (P-2) and what the insured region's agency is told (P-3, P-5):
//  - settlement uploads 结算清单上传: each day the engine sends a treatment agency the direct
//    settlements stored at its institutions and the reversals made (seed 003 part six), as a real
//    treatment-region system receives them; the agency keeps its own list from them;
//  - the clearing list: the agency's lines of one insured region and period, what reconciliation
//    compares the engine's records with (P-2 a); serving it closes the period on the agency's side,
//    so later uploads land in its next open period, as P-6 says for both sides;
//  - the clearing application 申请清算 (P-2 c);
//  - notices to the insured region's agency: payment reminders (P-3), top-up requests (P-5).
// The agency simulator validates with these same schemas. Writes carry idempotency keys.
import { z } from 'zod';
import { callAgency } from './agencyHttp';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { AgencyTransport } from './agencyClient';
import { AgencyReceiptSchema, idField, regionCodeField, type AgencyReceipt } from './agencyContract';

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const fen = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const UploadedSettlementSchema = z.object({
  kind: z.literal('SETTLEMENT'),
  settlementId: idField,
  insuredRegion: regionCodeField,
  /** The period of the settlement's stored time (the agency assigns its own list period from it, P-6). */
  period,
  fundFen: fen,
  scheme: z.string().min(1).max(20),
  visitType: z.string().min(1).max(20),
  hospitalId: z.string().min(1).max(40),
  settledAt: z.string().min(10).max(40),
});

export const UploadedReversalSchema = z.object({
  kind: z.literal('REVERSAL'),
  settlementId: idField,
  insuredRegion: regionCodeField,
  /** The period the engine counts the reversal in (its own, or the next open one after a lock). */
  period,
  fundFen: fen,
  reversedAt: z.string().min(10).max(40),
});

export const SettlementUploadSchema = z.object({
  day: isoDate,
  items: z
    .array(z.discriminatedUnion('kind', [UploadedSettlementSchema, UploadedReversalSchema]))
    .min(1)
    .max(2000),
});
export type SettlementUpload = z.infer<typeof SettlementUploadSchema>;
export type UploadedItem = SettlementUpload['items'][number];

export const ClearingListLineSchema = z.object({
  lineId: z.string().min(1).max(220),
  settlementId: z.string().min(1).max(200),
  kind: z.enum(['SETTLEMENT', 'REVERSAL']),
  fundFen: fen,
  scheme: z.string(),
  visitType: z.string(),
  hospitalId: z.string(),
  recordPeriod: period,
});
export type ClearingListLine = z.infer<typeof ClearingListLineSchema>;

export const ClearingListPageSchema = z.object({
  treatmentRegion: regionCodeField,
  insuredRegion: regionCodeField,
  period,
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  lines: z.array(ClearingListLineSchema),
});

export const ClearingApplicationSchema = z.object({
  clearingId: idField,
  insuredRegion: regionCodeField,
  period,
  lineCount: z.number().int().nonnegative(),
  fundFen: fen,
  recoveryOffsetFen: z.number().int().nonnegative(),
  netDueFen: fen,
});
export type ClearingApplication = z.infer<typeof ClearingApplicationSchema>;

export const ClearingNoticeSchema = z.object({
  caseId: idField,
  kind: z.enum(['PAYMENT_REMINDER', 'TOP_UP_REQUEST', 'TOP_UP_REMINDER']),
  dueDate: isoDate,
  amountFen: z.number().int().nullable(),
  note: z.string().min(1).max(2000),
});
export type ClearingNotice = z.infer<typeof ClearingNoticeSchema>;

export const UploadReceiptSchema = AgencyReceiptSchema.extend({ accepted: z.number().int().nonnegative() });

export interface ClearingAgencyClient {
  uploadSettlements(treatmentRegion: string, upload: SettlementUpload, key: string): Promise<{ receiptId: string; accepted: number }>;
  /** Every line of the agency's list of (insured region, period), read page by page. */
  clearingList(treatmentRegion: string, insuredRegion: string, period: string): Promise<ClearingListLine[]>;
  applyForClearing(treatmentRegion: string, application: ClearingApplication, key: string): Promise<AgencyReceipt>;
  notify(region: string, notice: ClearingNotice, key: string): Promise<AgencyReceipt>;
}

const PAGE = 5000;

export function createClearingAgencyClient(transport: AgencyTransport): ClearingAgencyClient {
  const signal = () => {
    try {
      return Context.current().cancellationSignal;
    } catch {
      return undefined;
    }
  };
  const base = () => ({ baseUrl: transport.baseUrl, timeoutMs: transport.timeoutMs, signal: signal() });
  const parse = <T>(schema: z.ZodType<T>, body: unknown, path: string): T => {
    const r = schema.safeParse(body);
    if (r.success) return r.data;
    throw ApplicationFailure.nonRetryable(`unexpected agency response from ${path}: ${z.prettifyError(r.error)}`, 'AGENCY_BAD_RESPONSE', {
      path,
    });
  };
  const post = async <T>(path: string, body: unknown, key: string, schema: z.ZodType<T>): Promise<T> =>
    parse(schema, (await callAgency({ ...base(), method: 'POST', path, body, idempotencyKey: key })).body, path);
  const region = (code: string) => encodeURIComponent(regionCodeField.parse(code));
  return {
    async uploadSettlements(treatmentRegion, upload, key) {
      const r = await post(
        `/agencies/${region(treatmentRegion)}/settlement-uploads`,
        SettlementUploadSchema.parse(upload),
        key,
        UploadReceiptSchema,
      );
      return { receiptId: r.receiptId, accepted: r.accepted };
    },
    async clearingList(treatmentRegion, insuredRegion, p) {
      const lines: ClearingListLine[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const path = `/agencies/${region(treatmentRegion)}/clearing-lists?insuredRegion=${region(insuredRegion)}&period=${encodeURIComponent(period.parse(p))}&offset=${offset}&limit=${PAGE}`;
        const page = parse(ClearingListPageSchema, (await callAgency({ ...base(), method: 'GET', path })).body, path);
        lines.push(...page.lines);
        if (page.lines.length < PAGE || lines.length >= page.total) return lines;
      }
    },
    applyForClearing: (treatmentRegion, application, key) =>
      post(
        `/agencies/${region(treatmentRegion)}/clearing-applications`,
        ClearingApplicationSchema.parse(application),
        key,
        AgencyReceiptSchema,
      ),
    notify: (to, notice, key) =>
      post(`/agencies/${region(to)}/clearing-notices`, ClearingNoticeSchema.parse(notice), key, AgencyReceiptSchema),
  };
}
