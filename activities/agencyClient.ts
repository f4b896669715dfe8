// Typed calls to the outside agency systems, for use inside Temporal activities.
// The zod schemas here are the wire contract: the client validates what it sends and
// what it gets back, and the agency simulator (scripts/agency-simulator) validates
// requests with the very same schemas, so the two cannot drift.
//
// IDEMPOTENCY KEYS: every write takes a `key` the CALLER builds from the workflow id plus
// the activity's identity within that workflow, e.g.
//   `${workflowId}:notify-inquiry`  or  `${workflowId}:transfer:${recoveryId}`
// (never the run id or attempt number: a retry, a worker crash or a continued-as-new run
// must send the same key again so the agency returns its first answer instead of acting
// twice; RC-4 "a transfer happens exactly once however often a step is retried").
//
// Base URL and timeout come from AGENCY_API_URL / AGENCY_HTTP_TIMEOUT_MS, read at call time
// (not via config.ts loadConfig, which needs every variable) so tests can point elsewhere.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { callAgency, type AgencyCall } from './agencyHttp';

// ---- shared field shapes -------------------------------------------------------------
const regionCode = z.string().regex(/^\d{6}$/, 'a 6-digit administrative region code');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');
const fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(200);
const text = z.string().min(1).max(2000);
const account = z.string().min(1).max(100);

// ---- requests --------------------------------------------------------------------------
/** I-2, I-4: the treatment-region agency is told a case is addressed to it. */
export const InquiryNoticeSchema = z.object({
  inquiryId: id,
  kind: z.enum(['EXPENSE_INQUIRY', 'ISSUE_COLLABORATION']),
  insuredRegion: regionCode,
  settlementId: id,
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
  caseId: id,
  caseType: z.string().min(1).max(50),
  reason: text,
});
export type Escalation = z.infer<typeof EscalationSchema>;

/** RC-3: the debtor is told what to pay back and by when. */
export const RecoveryNoticeSchema = z.object({
  recoveryId: id,
  amountFen: fen,
  dueDate: isoDate,
  reason: text,
});
export type RecoveryNotice = z.infer<typeof RecoveryNoticeSchema>;

/** RC-1, RC-4, P-1: one money movement between fund accounts. */
export const TransferRequestSchema = z
  .object({
    transferId: id,
    fromAccount: account,
    toAccount: account,
    amountFen: fen,
    purpose: text,
    origin: z.object({ type: z.string().min(1).max(50), id }),
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

// ---- calls -----------------------------------------------------------------------------
const seg = encodeURIComponent;

export function notifyInquiry(region: string, payload: InquiryNotice, key: string): Promise<AgencyReceipt> {
  return send('POST', `/agencies/${seg(checked(regionCode, region))}/inquiries`, InquiryNoticeSchema, payload, key, AgencyReceiptSchema);
}

export function remindInquiry(region: string, inquiryId: string, payload: InquiryReminder, key: string): Promise<AgencyReceipt> {
  const path = `/agencies/${seg(checked(regionCode, region))}/inquiries/${seg(checked(id, inquiryId))}/reminders`;
  return send('POST', path, InquiryReminderSchema, payload, key, AgencyReceiptSchema);
}

/** `region` is the provincial agency's code (e.g. 220000 for Jilin cities). */
export function escalate(region: string, payload: Escalation, key: string): Promise<AgencyReceipt> {
  return send('POST', `/agencies/${seg(checked(regionCode, region))}/escalations`, EscalationSchema, payload, key, AgencyReceiptSchema);
}

/** `region` is the debtor's (treatment) region. */
export function notifyRecoveryDebtor(region: string, payload: RecoveryNotice, key: string): Promise<AgencyReceipt> {
  return send('POST', `/agencies/${seg(checked(regionCode, region))}/recoveries`, RecoveryNoticeSchema, payload, key, AgencyReceiptSchema);
}

export function transferFunds(payload: TransferRequest, key: string): Promise<TransferResult> {
  return send('POST', '/finance/transfers', TransferRequestSchema, payload, key, TransferResultSchema);
}

/** RC-3 "payment confirmed": has finance seen the debtor's money for this recovery? */
export async function getCollection(recoveryId: string): Promise<CollectionStatus> {
  return read(`/finance/collections/${seg(checked(id, recoveryId))}`, CollectionStatusSchema);
}

/** RC-3 reconcile: the recorded transfer, or null when finance has none with this id. */
export async function findTransfer(transferId: string): Promise<TransferRecord | null> {
  const list = await read(
    `/finance/transfers?transferId=${seg(checked(id, transferId))}`,
    z.object({ transfers: z.array(TransferRecordSchema) }),
  );
  return list.transfers[0] ?? null;
}

export function getAccountBalance(accountId: string): Promise<AccountBalance> {
  return read(`/finance/accounts/${seg(checked(account, accountId))}`, AccountBalanceSchema);
}

// ---- plumbing --------------------------------------------------------------------------
async function send<Req, Res>(
  method: 'POST',
  path: string,
  requestSchema: z.ZodType<Req>,
  payload: Req,
  key: string,
  responseSchema: z.ZodType<Res>,
): Promise<Res> {
  const body = checked(requestSchema, payload);
  const idempotencyKey = checked(z.string().min(1).max(255), key);
  const response = await callAgency({ ...transport(), method, path, body, idempotencyKey });
  return decoded(responseSchema, response.body, path);
}

async function read<Res>(path: string, responseSchema: z.ZodType<Res>): Promise<Res> {
  const response = await callAgency({ ...transport(), method: 'GET', path });
  return decoded(responseSchema, response.body, path);
}

function transport(): Pick<AgencyCall, 'baseUrl' | 'timeoutMs' | 'signal'> {
  const timeoutMs = Number(process.env.AGENCY_HTTP_TIMEOUT_MS ?? '5000');
  return {
    baseUrl: process.env.AGENCY_API_URL || 'http://127.0.0.1:4100',
    timeoutMs: Number.isInteger(timeoutMs) && timeoutMs > 0 ? timeoutMs : 5000,
    signal: activityCancellation(),
  };
}

/** Inside an activity, abort the HTTP call when the activity is cancelled; outside, nothing. */
function activityCancellation(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined; // not running in an activity (scripts, tests)
  }
}

/** Bad input from our own workflow is a bug no retry can fix: fail without retrying. */
function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw ApplicationFailure.nonRetryable(
    `invalid agency request: ${z.prettifyError(result.error)}`,
    'AGENCY_REQUEST_INVALID',
    result.error.issues,
  );
}

/**
 * A 2xx answer we cannot read breaks the contract. Retrying with the same key would only
 * replay the same answer, so fail without retrying and keep the body for whoever looks.
 */
function decoded<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw ApplicationFailure.nonRetryable(
    `unexpected agency response from ${path}: ${z.prettifyError(result.error)}`,
    'AGENCY_BAD_RESPONSE',
    { path, body },
  );
}
