// Recovery use cases behind the HTTP routes (RC-1..RC-4). A clerk orders a recovery for a
// source (RC-2), which must establish the amount (a confirmed VERIFIED_ISSUE inquiry, a lapsed
// commitment filing); its id is derived from the source (audit and fraud numbers within the
// ordering region), so one source is recovered once however often the order is posted. The
// recovery workflow owns the rest; reads come from the read model.
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DomainError } from '../../domain/errors';
import { inquiryTermsOn } from '../../domain/inquiry/terms';
import { orderedRecoveryIdFor, recoveryIdFor } from '../../domain/recovery/accounts';
import { checkOrderAgainstSource, type RecoverySourceFacts } from '../../domain/recovery/sources';
import type { Fine, RecoverySourceType, RecoveryStatus } from '../../domain/recovery/types';
import { findFilingView } from '../../models/filingView';
import { inquiryViewModel } from '../../models/inquiryView';
import { checkLedgerBalance, ledgerEntries } from '../../models/ledger';
import { recoveryViewModel } from '../../models/recoveryView';
import { settlementRecordModel } from '../../models/settlementRecord';
import type { FilingDocument } from '../../workflows/filing/definitions';
import type { InquiryDocument } from '../../workflows/inquiry/definitions';
import {
  paymentReportedUpdate,
  recoveryOpenedUpdate,
  retryTransferUpdate,
  type RecoveryDocument,
} from '../../workflows/recovery/definitions';
import type { recoveryWorkflow } from '../../workflows/recovery/workflow';
import type { AppContext } from '../context';
import { caseStartOptions } from '../../workflows/searchAttributes';
import { countCaseStarted } from '../http/metrics';
import type { Principal } from '../http/apiKeys';
import { assertCanRead, assertInsuredClerkOf, visibilityFilter } from './access';
import { updateIdFor } from './caseIds';
import { caseActorOf } from './inquiries';
import { todayFor } from './filings';

export interface RecoveryRequest {
  amountFen: number;
  source: { type: RecoverySourceType; id: string };
  debtor: string;
  reason: string;
  treatmentRegion: string;
  insuredRegion?: string;
  debtorRegion?: string;
  scheme?: 'EMPLOYEE' | 'RESIDENT';
  fines: Fine[];
}

function insuredRegionOf(principal: Principal, body: RecoveryRequest): string {
  if (principal.role === 'ADMIN') {
    if (!body.insuredRegion) {
      throw new DomainError('VALIDATION_FAILED', {
        fields: [{ path: 'body.insuredRegion', problem: 'required when an administrator orders a recovery' }],
      });
    }
    return body.insuredRegion;
  }
  if (body.insuredRegion && body.insuredRegion !== principal.region) {
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, caseInsuredRegion: body.insuredRegion });
  }
  return principal.region!;
}

/**
 * RC-2: the source case as the engine knows it. An INQUIRY or COMMITMENT source must be a case of
 * this insured region (others: not found); it also names the scheme of the fund that paid.
 */
async function sourceFacts(
  ctx: AppContext,
  insuredRegion: string,
  source: RecoveryRequest['source'],
): Promise<{ facts: RecoverySourceFacts; scheme: string | null }> {
  if (source.type === 'INQUIRY') {
    const inquiry = await inquiryViewModel(ctx.db).findById(source.id).lean();
    if (!inquiry || inquiry.insuredRegion !== insuredRegion) throw new DomainError('RECOVERY_SOURCE_NOT_FOUND', { source });
    const doc = inquiry.document as InquiryDocument;
    const scheme = (await settlementRecordModel(ctx.db).findById(inquiry.settlementId).lean())?.scheme ?? null;
    const result = doc.response?.result ?? null;
    return { facts: { type: 'INQUIRY', status: doc.status, result, disallowedFen: doc.response?.disallowedFen ?? 0 }, scheme };
  }
  if (source.type === 'COMMITMENT') {
    const filing = await findFilingView(ctx.db, source.id);
    if (!filing || filing.insuredRegion !== insuredRegion) throw new DomainError('RECOVERY_SOURCE_NOT_FOUND', { source });
    const doc = filing.document as FilingDocument;
    return {
      facts: { type: 'COMMITMENT', status: filing.status, recoveryObligationFen: doc.recoveryObligationFen ?? 0 },
      scheme: filing.scheme,
    };
  }
  return { facts: { type: source.type }, scheme: null };
}

/**
 * The order already made for this source, if any: under its id, or (audit and fraud orders placed
 * before their ids carried the region) under the old id when it is this region's.
 */
async function existingOrder(ctx: AppContext, recoveryId: string, insuredRegion: string, source: RecoveryRequest['source']) {
  const views = recoveryViewModel(ctx.db);
  const current = await views.findById(recoveryId).lean();
  if (current || source.type === 'INQUIRY' || source.type === 'COMMITMENT') return current;
  const legacy = await views.findById(recoveryIdFor(source.type, source.id)).lean();
  return legacy && legacy.insuredRegion === insuredRegion ? legacy : null;
}

/** The same order posted again returns the existing recovery; a different one for the source is a conflict. */
function sameOrder(doc: RecoveryDocument, body: RecoveryRequest): RecoveryDocument {
  if (doc.amountFen !== body.amountFen || doc.debtor !== body.debtor || doc.treatmentRegion !== body.treatmentRegion) {
    throw new DomainError('RECOVERY_SOURCE_CONFLICT', { recoveryId: doc.id, amountFen: doc.amountFen, debtor: doc.debtor });
  }
  return doc;
}

export async function openRecovery(
  ctx: AppContext,
  principal: Principal,
  body: RecoveryRequest,
): Promise<{ created: boolean; recovery: RecoveryDocument }> {
  const insuredRegion = insuredRegionOf(principal, body);
  const recoveryId = orderedRecoveryIdFor(body.source.type, insuredRegion, body.source.id);
  const source = await sourceFacts(ctx, insuredRegion, body.source);
  // RC-2: the source must establish the money; this also keeps a clerk's order from taking the
  // id of the recovery an inquiry (I-5) or a lapsing filing (F-7) is about to start itself.
  checkOrderAgainstSource(body.source, source.facts, body.amountFen);
  const existing = await existingOrder(ctx, recoveryId, insuredRegion, body.source);
  if (existing) {
    assertCanRead(principal, existing, 'recoveryId');
    return { created: false, recovery: sameOrder(documentOf(existing), body) };
  }
  const scheme = source.scheme ?? body.scheme ?? null;
  if (!scheme) throw new DomainError('RECOVERY_SCHEME_REQUIRED', { source: body.source });
  const { settlement } = ctx.policies.forRegion(insuredRegion);
  const today = await todayFor(ctx);
  try {
    const recovery = await ctx.temporal.workflow.executeUpdateWithStart(recoveryOpenedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof recoveryWorkflow>('recoveryWorkflow', {
        workflowId: recoveryId,
        taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        // A closed recovery of this source must not start again (RC-4: once).
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          {
            recoveryId,
            source: body.source,
            amountFen: body.amountFen,
            debtor: body.debtor,
            debtorRegion: body.debtorRegion ?? body.treatmentRegion,
            insuredRegion,
            treatmentRegion: body.treatmentRegion,
            scheme,
            reason: body.reason,
            fines: body.fines,
            debtorDeadlineDays: inquiryTermsOn(settlement, today).debtorDeadlineDays,
            actor: caseActorOf(principal),
          },
        ],
        ...caseStartOptions('RECOVERY', insuredRegion, body.treatmentRegion, body.source.type),
      }),
    });
    countCaseStarted('RECOVERY');
    return { created: true, recovery: sameOrder(recovery, body) };
  } catch (err) {
    if ((err as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    return { created: false, recovery: sameOrder(await loadRecovery(ctx, principal, recoveryId), body) };
  }
}

/** A stored case as the API answers it; one stored before offsets existed reads as not offset. */
function documentOf(row: { document: unknown }): RecoveryDocument {
  const doc = row.document as RecoveryDocument;
  return { ...doc, offset: doc.offset ?? null };
}

export async function loadRecovery(ctx: AppContext, principal: Principal, id: string): Promise<RecoveryDocument> {
  const row = await recoveryViewModel(ctx.db).findById(id).lean();
  if (!row) throw new DomainError('NOT_FOUND', { recoveryId: id });
  assertCanRead(principal, row, 'recoveryId');
  return documentOf(row);
}

export async function listRecoveries(
  ctx: AppContext,
  principal: Principal,
  query: { status?: RecoveryStatus; sourceType?: string; page: number; pageSize: number },
) {
  // A clerk sees its insured region's recoveries, a treatment agency those of its treatment region.
  const filter: Record<string, unknown> = { ...visibilityFilter(principal) };
  if (query.status) filter.status = query.status;
  if (query.sourceType) filter.sourceType = query.sourceType;
  const model = recoveryViewModel(ctx.db);
  const [rows, total] = await Promise.all([
    model
      .find(filter, { document: 1 })
      .sort({ createdAt: -1, recoveryId: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    model.countDocuments(filter),
  ]);
  return { items: rows.map(documentOf), page: query.page, pageSize: query.pageSize, total };
}

/** RC-3: a clerk reports the debtor's payment; the workflow asks finance now. */
export async function reportPayment(ctx: AppContext, principal: Principal, id: string, note?: string) {
  const doc = await loadRecovery(ctx, principal, id);
  if (!['ORDERED', 'AWAITING_PAYMENT', 'ESCALATED'].includes(doc.status)) {
    throw new DomainError('RECOVERY_NOT_AWAITING_PAYMENT', { recoveryId: id, status: doc.status });
  }
  return ctx.temporal.workflow
    .getHandle(id)
    .executeUpdate(paymentReportedUpdate, { args: [{ actor: caseActorOf(principal), ...(note ? { note } : {}) }] });
}

/**
 * RC-3, RC-4: finance refused the transfer; a clerk of the insured region (or an admin) who cleared
 * the cause asks for it again. The workflow sends the same transferId under a new idempotency key.
 */
export async function retryTransfer(ctx: AppContext, principal: Principal, id: string, note?: string, key?: string) {
  const doc = await loadRecovery(ctx, principal, id);
  assertInsuredClerkOf(principal, doc.insuredRegion);
  if (doc.status !== 'TRANSFER_REFUSED') throw new DomainError('RECOVERY_NOT_TRANSFER_REFUSED', { recoveryId: id, status: doc.status });
  return ctx.temporal.workflow.getHandle(id).executeUpdate(retryTransferUpdate, {
    args: [{ actor: caseActorOf(principal), ...(note ? { note } : {}) }],
    ...updateIdFor(principal.agencyId, 'transfer-retry', key),
  });
}

/** RC-4: the recovery's ledger entries and the proof that they balance. */
export async function recoveryLedger(ctx: AppContext, principal: Principal, id: string) {
  await loadRecovery(ctx, principal, id);
  const entries = await ledgerEntries(ctx.db, { recoveryId: id });
  const balance = await checkLedgerBalance(ctx.db, { recoveryId: id });
  return {
    recoveryId: id,
    entries: entries.map((e) => ({
      entryId: e.entryId,
      movementId: e.movementId,
      step: e.step,
      side: e.side,
      account: e.account,
      amountFen: e.amountFen,
      origin: e.origin,
      bookedOn: e.bookedOn,
      memo: e.memo,
    })),
    balance: {
      debitFen: balance.debitFen,
      creditFen: balance.creditFen,
      balanced: balance.balanced,
      byAccount: balance.byAccount,
      brokenMovements: balance.brokenMovements,
    },
  };
}
