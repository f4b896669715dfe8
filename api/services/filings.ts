// Filing use cases behind the HTTP routes: rule pre-checks (bad input never reaches a
// workflow, E-1), then the filing workflow through Temporal, reads from the read model.
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError } from '../../domain/errors';
import { checkProofKind, checkWorkingPerson, LIVE_FILING_STATUSES, planFiling, resolveSupersession } from '../../domain/filing';
import type {
  FilingApplication,
  FilingStatus,
  LongTermSubtype,
  PersonCategory,
  ProofInput,
  ReferralInput,
  Scheme,
} from '../../domain/filing/types';
import { isoDateInShanghai } from '../../domain/time';
import { filingViewModel, findFilingView } from '../../models/filingView';
import { isCommitmentBarred } from '../../models/personBar';
import { canonicalPersonId } from '../../models/personAlias';
import { readClaimChain } from '../../models/filingClaim';
import { legacyFilingIds } from '../../models/legacyFilings';
import { driverCollection } from '../../models/connection';
import { provinceOf } from '../../domain/regions';
import {
  filingOpenedUpdate,
  supplyMaterialsUpdate,
  changeFilingUpdate,
  cancelFilingUpdate,
  type ChangeRequest,
  type CancelRequest,
  type FilingDocument,
} from '../../workflows/filing/definitions';
import type { filingWorkflow } from '../../workflows/filing/workflow';
import { caseStartOptions } from '../../workflows/searchAttributes';
import { countCaseStarted } from '../http/metrics';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertCanRead, assertInsuredClerkOf, visibilityFilter } from './access';
import { caseId, updateIdFor } from './caseIds';
import { actorOf } from './actors';
import { filingStateOf } from './filingState';
import { filingFinder } from './settlementFilings';
import { linkRecoveries, linkRecovery } from './recoveryLinks';

export async function todayFor(ctx: AppContext): Promise<string> {
  return isoDateInShanghai(await ctx.clock.nowMs());
}

/** Starts the filing workflow (after the same rule checks it will run) and returns its first view. */
export async function openFiling(
  ctx: AppContext,
  principal: Principal,
  application: FilingApplication,
  idempotencyKey?: string,
  filingId = caseId('FIL', principal.agencyId, idempotencyKey),
): Promise<FilingDocument> {
  assertInsuredClerkOf(principal, application.insuredRegion);
  return startFilingCase(ctx, principal, application, filingId);
}

/** Runs the rule checks the workflow will run, then starts it; callers have authorized. */
export async function startFilingCase(
  ctx: AppContext,
  principal: Principal,
  application: FilingApplication,
  filingId: string,
): Promise<FilingDocument> {
  const { filing: policy } = ctx.policies.forRegion(application.insuredRegion);
  const applicationDate = await todayFor(ctx);
  const person = await canonicalPersonId(ctx.db, application.personId);
  const commitmentBarred = application.commitment ? await isCommitmentBarred(ctx.db, application.insuredRegion, person) : false;
  checkWorkingPerson(application);
  checkProofKind(policy, application.subtype, application.proof);
  planFiling(policy, application, { applicationDate, commitmentBarred });
  // F-11 pre-check: the person's live filings whose coverage overlaps; the workflow itself
  // supersedes them in the person's order of filings.
  const live = await competingFilings(ctx, person, application.treatmentRegion, filingId);
  resolveSupersession(
    policy,
    live.map((doc) => ({ ...filingStateOf(doc), personId: application.personId })),
    application,
    applicationDate,
    ctx.policies.regionMap(),
  );

  const opened = await ctx.temporal.workflow.executeUpdateWithStart(filingOpenedUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation<typeof filingWorkflow>('filingWorkflow', {
      workflowId: filingId,
      taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ filingId, application, applicationDate, policy, commitmentBarred, actor: actorOf(principal) }],
      ...caseStartOptions('FILING', application.insuredRegion, application.treatmentRegion, application.type),
    }),
  });
  countCaseStarted('FILING');
  filingFinder(ctx.db).forget(application.personId);
  return opened;
}

/**
 * F-11, R-1, X-1: the person's live filings that could compete with a new one in `treatmentRegion`:
 * those in the person's order of filings in that province (competing coverage never crosses a
 * province; a filing moved away is still listed there, its view says where it is now) and those
 * opened before the order existed. Read by _id only (the order's slots, then each view): the
 * person's filings by field is a query FerretDB answers by decoding every view (issue 13).
 */
async function competingFilings(ctx: AppContext, canonical: string, treatmentRegion: string, exceptId: string): Promise<FilingDocument[]> {
  const chain = await readClaimChain(ctx.db, `${canonical}|${provinceOf(treatmentRegion)}`);
  const ids = new Set([...chain.map((c) => c.filingId), ...(await legacyFilingIds(ctx.db, canonical))]);
  ids.delete(exceptId);
  const views = driverCollection(filingViewModel(ctx.db));
  const live: FilingDocument[] = [];
  for (const id of ids) {
    const row = await views.findOne({ _id: id }, { projection: { status: 1, document: 1 } });
    if (row && LIVE_FILING_STATUSES.includes(row.status as FilingStatus)) live.push(row.document as FilingDocument);
  }
  return live;
}

export async function loadFiling(ctx: AppContext, principal: Principal, id: string): Promise<FilingDocument> {
  const row = await findFilingView(ctx.db, id);
  if (!row) throw new DomainError('NOT_FOUND', { filingId: id });
  assertCanRead(principal, row, 'filingId');
  // Links are never dangling: the F-7 recovery is named once this caller can read it.
  return linkRecovery(ctx.db, principal, row.document as FilingDocument);
}

export async function listFilings(
  ctx: AppContext,
  principal: Principal,
  query: { personId?: string; status?: string; type?: string; page: number; pageSize: number },
) {
  const filter: Record<string, unknown> = { ...visibilityFilter(principal) };
  if (query.personId) filter.$or = [{ personId: query.personId }, { formerPersonIds: query.personId }];
  if (query.status) filter.status = query.status;
  if (query.type) filter.type = query.type;
  const model = filingViewModel(ctx.db);
  const [rows, total] = await Promise.all([
    model
      .find(filter, { document: 1 })
      .sort({ createdAt: -1, filingId: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    model.countDocuments(filter),
  ]);
  const items = await linkRecoveries(
    ctx.db,
    principal,
    rows.map((r) => r.document as FilingDocument),
  );
  return { items, page: query.page, pageSize: query.pageSize, total };
}

/** Loads a filing a clerk may act on, refusing ended ones before asking the workflow. */
async function liveFilingForClerk(ctx: AppContext, principal: Principal, id: string): Promise<FilingDocument> {
  const doc = await loadFiling(ctx, principal, id);
  assertInsuredClerkOf(principal, doc.insuredRegion);
  if (!LIVE_FILING_STATUSES.includes(doc.status as FilingStatus)) {
    throw new DomainError('FILING_NOT_ACTIVE', { filingId: id, status: doc.status });
  }
  return doc;
}

function handle(ctx: AppContext, id: string) {
  return ctx.temporal.workflow.getHandle(id);
}

/** The case may have ended a moment ago (timer fired) before its read model caught up. */
async function onLiveCase<T>(id: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new DomainError('FILING_NOT_ACTIVE', { filingId: id, reason: 'the case has ended' });
    throw err;
  }
}

export async function supplyMaterials(
  ctx: AppContext,
  principal: Principal,
  id: string,
  materials: { proof?: ProofInput; referral?: ReferralInput },
  key?: string,
) {
  const doc = await liveFilingForClerk(ctx, principal, id);
  checkProofKind(ctx.policies.forRegion(doc.insuredRegion).filing, doc.subtype as LongTermSubtype | null, materials.proof);
  return changedFiling(ctx, doc, () =>
    handle(ctx, id).executeUpdate(supplyMaterialsUpdate, {
      args: [{ ...materials, actor: actorOf(principal) }],
      ...updateIdFor(principal.agencyId, 'materials', key),
    }),
  );
}

export async function changeFiling(
  ctx: AppContext,
  principal: Principal,
  id: string,
  request: ChangeRequest & { personCategory?: PersonCategory },
  key?: string,
) {
  const doc = await liveFilingForClerk(ctx, principal, id);
  const { personCategory, ...change } = request;
  // F-1: the case does not keep the person's category, so a change to WORKING states it, as a new filing would.
  if (change.subtype === 'WORKING')
    checkWorkingPerson({ type: 'LONG_TERM', subtype: 'WORKING', scheme: doc.scheme as Scheme, personCategory });
  if (change.subtype || change.proof) {
    checkProofKind(
      ctx.policies.forRegion(doc.insuredRegion).filing,
      change.subtype ?? (doc.subtype as LongTermSubtype | null),
      change.proof ?? doc.proof,
    );
  }
  if (change.treatmentRegion && change.treatmentRegion === doc.treatmentRegion && !change.subtype && !change.proof) {
    throw new DomainError('VALIDATION_FAILED', { fields: [{ path: 'body.treatmentRegion', problem: 'is already the filing region' }] });
  }
  return changedFiling(ctx, doc, () =>
    handle(ctx, id).executeUpdate(changeFilingUpdate, {
      args: [{ change, actor: actorOf(principal) }],
      ...updateIdFor(principal.agencyId, 'change', key),
    }),
  );
}

export async function cancelFiling(ctx: AppContext, principal: Principal, id: string, cancel: CancelRequest, key?: string) {
  const doc = await liveFilingForClerk(ctx, principal, id);
  return changedFiling(ctx, doc, () =>
    handle(ctx, id).executeUpdate(cancelFilingUpdate, {
      args: [{ cancel, actor: actorOf(principal) }],
      ...updateIdFor(principal.agencyId, 'cancel', key),
    }),
  );
}

/**
 * Runs an update on a live case; the update returns once the workflow stored the new view, so
 * settlements in this process stop using what they remembered of the person right then.
 */
async function changedFiling<T>(ctx: AppContext, doc: FilingDocument, run: () => Promise<T>): Promise<T> {
  try {
    return await onLiveCase(doc.id, run);
  } finally {
    filingFinder(ctx.db).forget(doc.personId);
  }
}
