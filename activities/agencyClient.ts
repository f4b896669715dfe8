// Typed calls to the outside agency systems, for use inside Temporal activities, built from
// their transport settings (config.ts AGENCY_API_URL, AGENCY_HTTP_TIMEOUT_MS) by the process
// that hosts the activities. The wire shapes are in agencyContract.ts.
//
// IDEMPOTENCY KEYS: every write takes a `key` the CALLER builds from the workflow id plus
// the activity's identity within that workflow, e.g.
//   `${workflowId}:notify-inquiry`  or  `${workflowId}:transfer:${recoveryId}`
// (never the run id or attempt number: a retry, a worker crash or a continued-as-new run
// must send the same key again so the agency returns its first answer instead of acting
// twice; RC-4 "a transfer happens exactly once however often a step is retried").
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { callAgency, type AgencyCall } from './agencyHttp';
import {
  accountField,
  AccountBalanceSchema,
  AgencyReceiptSchema,
  CollectionStatusSchema,
  EscalationSchema,
  idField,
  InquiryNoticeSchema,
  InquiryReminderSchema,
  RecoveryNoticeSchema,
  regionCodeField,
  TransferRecordSchema,
  TransferRequestSchema,
  TransferResultSchema,
  type AccountBalance,
  type AgencyReceipt,
  type CollectionStatus,
  type Escalation,
  type InquiryNotice,
  type InquiryReminder,
  type RecoveryNotice,
  type TransferRecord,
  type TransferRequest,
  type TransferResult,
} from './agencyContract';

export interface AgencyTransport {
  baseUrl: string;
  timeoutMs: number;
}

export interface AgencyClient {
  /** I-2, I-4: the treatment-region agency is told a case is addressed to it. */
  notifyInquiry(region: string, payload: InquiryNotice, key: string): Promise<AgencyReceipt>;
  remindInquiry(region: string, inquiryId: string, payload: InquiryReminder, key: string): Promise<AgencyReceipt>;
  /** `region` is the provincial agency's code (e.g. 220000 for Jilin cities). */
  escalate(region: string, payload: Escalation, key: string): Promise<AgencyReceipt>;
  /** `region` is the debtor's (treatment) region. */
  notifyRecoveryDebtor(region: string, payload: RecoveryNotice, key: string): Promise<AgencyReceipt>;
  transferFunds(payload: TransferRequest, key: string): Promise<TransferResult>;
  /** RC-3 "payment confirmed": has finance seen the debtor's money for this recovery? */
  getCollection(recoveryId: string): Promise<CollectionStatus>;
  /** RC-3 reconcile: the recorded transfer, or null when finance has none with this id. */
  findTransfer(transferId: string): Promise<TransferRecord | null>;
  getAccountBalance(accountId: string): Promise<AccountBalance>;
}

const seg = encodeURIComponent;
const TransferListSchema = z.object({ transfers: z.array(TransferRecordSchema) });

export function createAgencyClient(transport: AgencyTransport): AgencyClient {
  const send = async <Req, Res>(path: string, requestSchema: z.ZodType<Req>, payload: Req, key: string, responseSchema: z.ZodType<Res>) => {
    const body = validOrFail(requestSchema, payload);
    const idempotencyKey = validOrFail(z.string().min(1).max(255), key);
    const response = await callAgency({ ...settings(transport), method: 'POST', path, body, idempotencyKey });
    return decoded(responseSchema, response.body, path);
  };
  const read = async <Res>(path: string, responseSchema: z.ZodType<Res>) => {
    const response = await callAgency({ ...settings(transport), method: 'GET', path });
    return decoded(responseSchema, response.body, path);
  };
  const region = (code: string) => seg(validOrFail(regionCodeField, code));

  return {
    notifyInquiry: (code, payload, key) =>
      send(`/agencies/${region(code)}/inquiries`, InquiryNoticeSchema, payload, key, AgencyReceiptSchema),
    remindInquiry: (code, inquiryId, payload, key) =>
      send(
        `/agencies/${region(code)}/inquiries/${seg(validOrFail(idField, inquiryId))}/reminders`,
        InquiryReminderSchema,
        payload,
        key,
        AgencyReceiptSchema,
      ),
    escalate: (code, payload, key) => send(`/agencies/${region(code)}/escalations`, EscalationSchema, payload, key, AgencyReceiptSchema),
    notifyRecoveryDebtor: (code, payload, key) =>
      send(`/agencies/${region(code)}/recoveries`, RecoveryNoticeSchema, payload, key, AgencyReceiptSchema),
    transferFunds: (payload, key) => send('/finance/transfers', TransferRequestSchema, payload, key, TransferResultSchema),
    getCollection: (recoveryId) => read(`/finance/collections/${seg(validOrFail(idField, recoveryId))}`, CollectionStatusSchema),
    findTransfer: async (transferId) =>
      (await read(`/finance/transfers?transferId=${seg(validOrFail(idField, transferId))}`, TransferListSchema)).transfers[0] ?? null,
    getAccountBalance: (accountId) => read(`/finance/accounts/${seg(validOrFail(accountField, accountId))}`, AccountBalanceSchema),
  };
}

function settings(transport: AgencyTransport): Pick<AgencyCall, 'baseUrl' | 'timeoutMs' | 'signal'> {
  return { baseUrl: transport.baseUrl, timeoutMs: transport.timeoutMs, signal: activityCancellation() };
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
function validOrFail<T>(schema: z.ZodType<T>, value: unknown): T {
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
    {
      path,
      body,
    },
  );
}
