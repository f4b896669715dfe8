// Recovery use cases behind the HTTP routes (RC-1..RC-4). A clerk orders a recovery for a
// source (RC-2); its id is derived from the source, so one source is recovered once however
// often the order is posted. The recovery workflow owns the rest; reads come from the read model.
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DomainError } from '../../domain/errors';
import { inquiryTermsOn } from '../../domain/inquiry/terms';
import { recoveryIdFor } from '../../domain/recovery/accounts';
import type { Fine, RecoverySourceType, RecoveryStatus } from '../../domain/recovery/types';
import { filingViewModel } from '../../models/filingView';
import { inquiryViewModel } from '../../models/inquiryView';
import { checkLedgerBalance, ledgerEntries } from '../../models/ledger';
import { recoveryViewModel } from '../../models/recoveryView';
import { settlementRecordModel } from '../../models/settlementRecord';
import { paymentReportedUpdate, recoveryOpenedUpdate, type RecoveryDocument } from '../../workflows/recovery/definitions';
import type { recoveryWorkflow } from '../../workflows/recovery/workflow';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertCanRead } from './access';
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

/** RC-2: an INQUIRY or COMMITMENT source must be a case of this insured region; it also names the scheme. */
async function sourceScheme(ctx: AppContext, insuredRegion: string, source: RecoveryRequest['source']): Promise<string | null> {
  if (source.type === 'INQUIRY') {
    const inquiry = await inquiryViewModel(ctx.db).findById(source.id).lean();
    if (!inquiry || inquiry.insuredRegion !== insuredRegion) throw new DomainError('RECOVERY_SOURCE_NOT_FOUND', { source });
    return (
      (inquiry.document as { scheme?: string }).scheme ??
      (await settlementRecordModel(ctx.db).findById(inquiry.settlementId).lean())?.scheme ??
      null
    );
  }
  if (source.type === 'COMMITMENT') {
    const filing = await filingViewModel(ctx.db).findOne({ filingId: source.id, insuredRegion }).lean();
    if (!filing) throw new DomainError('RECOVERY_SOURCE_NOT_FOUND', { source });
    return filing.scheme;
  }
  return null;
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
  const recoveryId = recoveryIdFor(body.source.type, body.source.id);
  const existing = await recoveryViewModel(ctx.db).findById(recoveryId).lean();
  if (existing) {
    assertCanRead(principal, existing, 'recoveryId');
    return { created: false, recovery: sameOrder(existing.document as RecoveryDocument, body) };
  }
  const scheme = (await sourceScheme(ctx, insuredRegion, body.source)) ?? body.scheme ?? null;
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
      }),
    });
    return { created: true, recovery: sameOrder(recovery, body) };
  } catch (err) {
    if ((err as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    return { created: false, recovery: sameOrder(await loadRecovery(ctx, principal, recoveryId), body) };
  }
}

export async function loadRecovery(ctx: AppContext, principal: Principal, id: string): Promise<RecoveryDocument> {
  const row = await recoveryViewModel(ctx.db).findById(id).lean();
  if (!row) throw new DomainError('NOT_FOUND', { recoveryId: id });
  assertCanRead(principal, row, 'recoveryId');
  return row.document as RecoveryDocument;
}

export async function listRecoveries(
  ctx: AppContext,
  principal: Principal,
  query: { status?: RecoveryStatus; sourceType?: string; page: number; pageSize: number },
) {
  const filter: Record<string, unknown> = principal.role === 'ADMIN' ? {} : { insuredRegion: principal.region ?? '-' };
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
  return { items: rows.map((r) => r.document as RecoveryDocument), page: query.page, pageSize: query.pageSize, total };
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
