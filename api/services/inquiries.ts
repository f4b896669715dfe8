// Inquiry use cases behind the HTTP routes (I-1..I-6): the settlement and the insured region's
// policy decide kind and terms before a workflow exists (bad input never reaches one, E-1); the
// inquiry workflow owns the case; reads come from the read model, scoped by region (I-6).
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DomainError } from '../../domain/errors';
import { classifyInquiry, inquiryTermsOn, versionOnOrLatest, type InquirySettlement, type ResponseInput } from '../../domain/inquiry';
import { ANSWERABLE_STATUSES, type ConfirmationDecision, type InquiryStatus } from '../../domain/inquiry/types';
import { inquiryViewModel } from '../../models/inquiryView';
import { settlementRecordModel } from '../../models/settlementRecord';
import { confirmInquiryUpdate, inquiryOpenedUpdate, respondInquiryUpdate, type InquiryDocument } from '../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../workflows/inquiry/workflow';
import type { CaseActor } from '../../workflows/timeline';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertCanRead, assertInsuredClerkOf, visibilityFilter } from './access';
import { caseId, updateIdFor } from './caseIds';
import { todayFor } from './filings';

export function caseActorOf(principal: Principal): CaseActor {
  return { agencyId: principal.agencyId, role: principal.role, region: principal.region };
}

/** The stored settlement, visible only to its insured region's clerk (others: 404, not disclosed). */
async function settlementFor(ctx: AppContext, principal: Principal, settlementId: string): Promise<InquirySettlement> {
  const model = settlementRecordModel(ctx.db);
  // Settlement records use the settlement id as _id (a primary-key lookup); older writers may not.
  const record = (await model.findById(settlementId).lean()) ?? (await model.findOne({ settlementId }).lean());
  if (!record || record.state !== 'STORED' || (principal.role !== 'ADMIN' && principal.region !== record.insuredRegion)) {
    throw new DomainError('INQUIRY_SETTLEMENT_NOT_FOUND', { settlementId });
  }
  // S-8: a reversed settlement counts for nothing; there is no money left to question.
  if (record.reversal) throw new DomainError('INQUIRY_SETTLEMENT_REVERSED', { settlementId, reversalId: record.reversal.id });
  return {
    settlementId: record.settlementId,
    insuredRegion: record.insuredRegion,
    treatmentRegion: record.treatmentRegion,
    hospitalId: record.hospitalId,
    scheme: record.scheme,
    visitType: record.visitType,
    admissionDate: record.admissionDate,
    totalFen: record.totalFen,
    fundFen: record.fundFen,
  };
}

export async function openInquiry(
  ctx: AppContext,
  principal: Principal,
  body: { settlementId: string; reason: string; suspectedViolation: boolean },
  idempotencyKey?: string,
): Promise<InquiryDocument> {
  const settlement = await settlementFor(ctx, principal, body.settlementId);
  assertInsuredClerkOf(principal, settlement.insuredRegion);
  const region = ctx.policies.forRegion(settlement.insuredRegion);
  const today = await todayFor(ctx);
  // I-1: the threshold in force for the stay (admission date), like the settlement itself.
  const classification = classifyInquiry(
    versionOnOrLatest(region.settlement, settlement.admissionDate).inquiry,
    settlement,
    body.suspectedViolation,
  );
  const inquiryId = caseId('INQ', principal.agencyId, idempotencyKey);
  return ctx.temporal.workflow.executeUpdateWithStart(inquiryOpenedUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof inquiryWorkflow>('inquiryWorkflow', {
      workflowId: inquiryId,
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          inquiryId,
          kind: classification.kind,
          classification: classification.because,
          reason: body.reason,
          suspectedViolation: body.suspectedViolation,
          settlement,
          terms: inquiryTermsOn(region.settlement, today),
          calendars: region.calendars,
          actor: caseActorOf(principal),
        },
      ],
    }),
  });
}

export async function loadInquiry(ctx: AppContext, principal: Principal, id: string): Promise<InquiryDocument> {
  const row = await inquiryViewModel(ctx.db).findById(id).lean();
  if (!row) throw new DomainError('NOT_FOUND', { inquiryId: id });
  // I-6: a treatment agency sees only cases addressed to it; a clerk only its insured region's.
  assertCanRead(principal, row, 'inquiryId');
  return row.document as InquiryDocument;
}

export async function listInquiries(
  ctx: AppContext,
  principal: Principal,
  query: { status?: InquiryStatus; kind?: string; page: number; pageSize: number },
) {
  const filter: Record<string, unknown> = { ...visibilityFilter(principal) };
  if (query.status) filter.status = query.status;
  if (query.kind) filter.kind = query.kind;
  const model = inquiryViewModel(ctx.db);
  const [rows, total] = await Promise.all([
    model
      .find(filter, { document: 1 })
      .sort({ createdAt: -1, inquiryId: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    model.countDocuments(filter),
  ]);
  return { items: rows.map((r) => r.document as InquiryDocument), page: query.page, pageSize: query.pageSize, total };
}

export async function respondToInquiry(ctx: AppContext, principal: Principal, id: string, response: ResponseInput, key?: string) {
  const doc = await loadInquiry(ctx, principal, id);
  if (principal.role !== 'ADMIN' && (principal.role !== 'TREATMENT_AGENCY' || principal.region !== doc.treatmentRegion)) {
    throw new DomainError('INQUIRY_NOT_ADDRESSED', { inquiryId: id });
  }
  // A closed case has no workflow left to ask; the read model says so (the validator re-checks live ones).
  if (!ANSWERABLE_STATUSES.includes(doc.status))
    throw new DomainError('INQUIRY_NOT_AWAITING_RESPONSE', { inquiryId: id, status: doc.status });
  return ctx.temporal.workflow.getHandle(id).executeUpdate(respondInquiryUpdate, {
    args: [{ response, actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'response', key),
  });
}

export async function confirmInquiry(
  ctx: AppContext,
  principal: Principal,
  id: string,
  body: { decision: ConfirmationDecision; note?: string },
  key?: string,
) {
  const doc = await loadInquiry(ctx, principal, id);
  assertInsuredClerkOf(principal, doc.insuredRegion);
  if (doc.status !== 'AWAITING_CONFIRMATION')
    throw new DomainError('INQUIRY_NOT_AWAITING_CONFIRMATION', { inquiryId: id, status: doc.status });
  return ctx.temporal.workflow.getHandle(id).executeUpdate(confirmInquiryUpdate, {
    args: [{ decision: body.decision, ...(body.note ? { note: body.note } : {}), actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'confirmation', key),
  });
}
