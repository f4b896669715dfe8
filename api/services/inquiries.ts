// Inquiry use cases behind the HTTP routes (I-1..I-6): the settlement and the insured region's
// policy decide kind and terms before a workflow exists (bad input never reaches one, E-1); one
// inquiry per settlement, claimed by an insert (models/inquiryClaim.ts); the inquiry workflow owns
// the case; reads come from the read model, scoped by region and addressee (I-6, I-4 forwards).
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError } from '../../domain/errors';
import {
  checkForward,
  classifyInquiry,
  inquiryTermsOn,
  isAddressedTo,
  versionOnOrLatest,
  type InquirySettlement,
  type ResponseInput,
} from '../../domain/inquiry';
import { ANSWERABLE_STATUSES, type ConfirmationDecision, type InquiryStatus } from '../../domain/inquiry/types';
import { claimSettlement, takeOverClaim, type InquiryClaim } from '../../models/inquiryClaim';
import { inquiryViewModel } from '../../models/inquiryView';
import { settlementRecordModel } from '../../models/settlementRecord';
import {
  confirmInquiryUpdate,
  forwardInquiryUpdate,
  inquiryOpenedUpdate,
  respondInquiryUpdate,
  type InquiryDocument,
} from '../../workflows/inquiry/definitions';
import type { inquiryWorkflow } from '../../workflows/inquiry/workflow';
import { caseStartOptions } from '../../workflows/searchAttributes';
import { countCaseStarted } from '../http/metrics';
import type { CaseActor } from '../../workflows/timeline';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertInsuredClerkOf, canRead, visibilityFilter } from './access';
import { caseId, updateIdFor } from './caseIds';
import { actorOf } from './actors';
import { todayFor } from './filings';
import { linkRecoveries, linkRecovery } from './recoveryLinks';

/** A claim whose inquiry never started may be taken over after this long (its opening gave up). */
const ABANDONED_CLAIM_MS = 2 * 60 * 1000;

export function caseActorOf(principal: Principal): CaseActor {
  return actorOf(principal);
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
  await claimForInquiry(ctx, settlement.settlementId, inquiryId);
  const opened = await ctx.temporal.workflow.executeUpdateWithStart(inquiryOpenedUpdate, {
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
      ...caseStartOptions('INQUIRY', settlement.insuredRegion, settlement.treatmentRegion, classification.kind),
    }),
  });
  countCaseStarted('INQUIRY');
  return opened;
}

/**
 * One inquiry per settlement (so the disallowed total never exceeds what the fund paid): the
 * settlement is claimed by an insert against its id, race-free on FerretDB. A retried opening
 * (same key, same inquiry id) holds the claim already. Cases opened before claims existed are
 * found by their read model.
 */
async function claimForInquiry(ctx: AppContext, settlementId: string, inquiryId: string): Promise<void> {
  const earlier = await inquiryViewModel(ctx.db)
    .findOne({ settlementId, inquiryId: { $ne: inquiryId } }, { inquiryId: 1 })
    .lean();
  if (earlier) throw new DomainError('INQUIRY_SETTLEMENT_HAS_INQUIRY', { settlementId, inquiryId: earlier.inquiryId });
  const nowMs = await ctx.clock.nowMs();
  const claim = { settlementId, inquiryId, claimedAt: new Date(nowMs).toISOString() };
  let outcome = await claimSettlement(ctx.db, claim);
  if (!outcome.held && (await abandoned(ctx, outcome.holder, nowMs))) outcome = await takeOverClaim(ctx.db, outcome.holder, claim);
  if (!outcome.held) throw new DomainError('INQUIRY_SETTLEMENT_HAS_INQUIRY', { settlementId, inquiryId: outcome.holder.inquiryId });
}

/** A claim is abandoned when its opening gave up: old enough, and its inquiry neither stored nor started. */
async function abandoned(ctx: AppContext, claim: InquiryClaim, nowMs: number): Promise<boolean> {
  if (nowMs - Date.parse(claim.claimedAt) < ABANDONED_CLAIM_MS) return false;
  if (await inquiryViewModel(ctx.db).exists({ _id: claim.inquiryId })) return false;
  try {
    await ctx.temporal.workflow.getHandle(claim.inquiryId).describe();
    return false;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return true;
    throw err;
  }
}

/** Documents stored before I-4 forwarding existed have no forward fields: they were never forwarded. */
function presented(doc: InquiryDocument): InquiryDocument {
  return doc.forwards && doc.forwardedTo ? doc : { ...doc, forwards: doc.forwards ?? [], forwardedTo: doc.forwardedTo ?? [] };
}

/**
 * I-6 with I-4: a treatment agency sees the cases addressed to it, the first receiver's and those
 * forwarded to it; a clerk only its insured region's; an admin all.
 */
function canReadInquiry(principal: Principal, doc: InquiryDocument): boolean {
  if (principal.role === 'TREATMENT_AGENCY') return isAddressedTo(doc, principal.region);
  return canRead(principal, doc);
}

/** The list filter: the same rule as canReadInquiry, for the read model. */
function inboxFilter(principal: Principal): Record<string, unknown> {
  if (principal.role !== 'TREATMENT_AGENCY') return { ...visibilityFilter(principal) };
  const region = principal.region ?? '-';
  return { $or: [{ treatmentRegion: region }, { 'document.forwardedTo': region }] };
}

/** The case as stored, for the caller who may read it (others: 404, its existence not disclosed). */
async function readInquiry(ctx: AppContext, principal: Principal, id: string): Promise<InquiryDocument> {
  const row = await inquiryViewModel(ctx.db).findById(id).lean();
  const doc = row ? presented(row.document as InquiryDocument) : null;
  if (!doc || !canReadInquiry(principal, doc)) throw new DomainError('NOT_FOUND', { inquiryId: id });
  return doc;
}

export async function loadInquiry(ctx: AppContext, principal: Principal, id: string): Promise<InquiryDocument> {
  // Links are never dangling: the I-5 recovery is named once this caller can read it.
  return linkRecovery(ctx.db, principal, await readInquiry(ctx, principal, id));
}

export async function listInquiries(
  ctx: AppContext,
  principal: Principal,
  query: { status?: InquiryStatus; kind?: string; page: number; pageSize: number },
) {
  const filter: Record<string, unknown> = inboxFilter(principal);
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
  const items = await linkRecoveries(
    ctx.db,
    principal,
    rows.map((r) => presented(r.document as InquiryDocument)),
  );
  return { items, page: query.page, pageSize: query.pageSize, total };
}

export async function respondToInquiry(ctx: AppContext, principal: Principal, id: string, response: ResponseInput, key?: string) {
  const doc = await readInquiry(ctx, principal, id);
  // I-6, I-4: the first receiver or an agency it forwarded the case to (an admin may act for them).
  if (principal.role !== 'ADMIN' && (principal.role !== 'TREATMENT_AGENCY' || !isAddressedTo(doc, principal.region))) {
    throw new DomainError('INQUIRY_NOT_ADDRESSED', { inquiryId: id });
  }
  // A closed case has no workflow left to ask; the read model says so (the validator re-checks live ones).
  if (!ANSWERABLE_STATUSES.includes(doc.status))
    throw new DomainError('INQUIRY_NOT_AWAITING_RESPONSE', { inquiryId: id, status: doc.status });
  const answered = await ctx.temporal.workflow.getHandle(id).executeUpdate(respondInquiryUpdate, {
    args: [{ response, actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'response', key),
  });
  return linkRecovery(ctx.db, principal, answered);
}

export async function confirmInquiry(
  ctx: AppContext,
  principal: Principal,
  id: string,
  body: { decision: ConfirmationDecision; note?: string },
  key?: string,
) {
  const doc = await readInquiry(ctx, principal, id);
  assertInsuredClerkOf(principal, doc.insuredRegion);
  if (doc.status !== 'AWAITING_CONFIRMATION')
    throw new DomainError('INQUIRY_NOT_AWAITING_CONFIRMATION', { inquiryId: id, status: doc.status });
  const decided = await ctx.temporal.workflow.getHandle(id).executeUpdate(confirmInquiryUpdate, {
    args: [{ decision: body.decision, ...(body.note ? { note: body.note } : {}), actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'confirmation', key),
  });
  // The case decided to start its recovery (I-5) this instant; it is named once it can be read.
  return linkRecovery(ctx.db, principal, decided);
}

/**
 * I-4 first responder: the agency an issue collaboration is addressed to forwards it to an agency
 * that can answer. The rule checks run here first (E-1) and again in the update's validator.
 */
export async function forwardInquiry(
  ctx: AppContext,
  principal: Principal,
  id: string,
  body: { toAgencyRegion: string; note: string },
  key?: string,
) {
  const doc = await readInquiry(ctx, principal, id);
  if (principal.role !== 'TREATMENT_AGENCY' || principal.region !== doc.treatmentRegion) {
    throw new DomainError('INQUIRY_NOT_ADDRESSED', { inquiryId: id, yourRegion: principal.region, action: 'forward' });
  }
  checkForward(doc, body);
  const forwarded = await ctx.temporal.workflow.getHandle(id).executeUpdate(forwardInquiryUpdate, {
    args: [{ toAgencyRegion: body.toAgencyRegion, note: body.note, actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'forward', key),
  });
  return linkRecovery(ctx.db, principal, forwarded);
}
