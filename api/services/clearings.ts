// Clearing use cases behind the HTTP routes (P-2..P-6): reads come from the read model; a
// clerk's action is a Temporal update of the period's workflow (validated there by the same
// domain checks); the statement exports as CSV; in simulation an administrator runs a period now.
import { WithStartWorkflowOperation } from '@temporalio/client';
import { stringify } from 'csv-stringify/sync';
import { DomainError } from '../../domain/errors';
import { clearingIdOf, parseClearingId, periodEnded, type ResolutionDecision } from '../../domain/clearing';
import { clearingViewModel } from '../../models/clearing';
import { clearingTermsOf } from '../../models/clearingPairs';
import {
  clearingOpenedUpdate,
  clearingPaymentUpdate,
  delayReportUpdate,
  resolveExceptionUpdate,
  type ClearingDocument,
} from '../../workflows/clearing/definitions';
import type { clearingWorkflow } from '../../workflows/clearing/workflow';
import { caseStartOptions } from '../../workflows/searchAttributes';
import { countCaseStarted } from '../http/metrics';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { assertCanRead, assertInsuredClerkOf, visibilityFilter } from './access';
import { updateIdFor } from './caseIds';
import { todayFor } from './filings';
import { caseActorOf } from './inquiries';

export async function loadClearing(ctx: AppContext, principal: Principal, id: string): Promise<ClearingDocument> {
  const row = await clearingViewModel(ctx.db).findById(id).lean();
  if (!row) throw new DomainError('CLEARING_NOT_FOUND', { clearingId: id });
  assertCanRead(principal, row, 'clearingId');
  return row.document as ClearingDocument;
}

export async function listClearings(
  ctx: AppContext,
  principal: Principal,
  query: { period?: string; treatmentRegion?: string; insuredRegion?: string; status?: string; page: number; pageSize: number },
) {
  const filter: Record<string, unknown> = { ...visibilityFilter(principal) };
  if (query.period) filter.period = query.period;
  if (query.treatmentRegion) filter.treatmentRegion = principal.role === 'TREATMENT_AGENCY' ? principal.region : query.treatmentRegion;
  if (query.insuredRegion && principal.role !== 'INSURED_CLERK') filter.insuredRegion = query.insuredRegion;
  if (query.status) filter.status = query.status;
  const model = clearingViewModel(ctx.db);
  const [rows, total] = await Promise.all([
    model
      .find(filter, { document: 1 })
      .sort({ period: -1, clearingId: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    model.countDocuments(filter),
  ]);
  return { items: rows.map((r) => r.document as ClearingDocument), page: query.page, pageSize: query.pageSize, total };
}

/** A clerk acts on its own insured region's periods only; others do not see them at all. */
async function forClerk(ctx: AppContext, principal: Principal, id: string): Promise<ClearingDocument> {
  const doc = await loadClearing(ctx, principal, id);
  assertInsuredClerkOf(principal, doc.insuredRegion);
  return doc;
}

export async function resolveException(
  ctx: AppContext,
  principal: Principal,
  id: string,
  exceptionId: string,
  body: { decision: ResolutionDecision; note: string },
  key?: string,
): Promise<ClearingDocument> {
  const doc = await forClerk(ctx, principal, id);
  const exception = doc.exceptions.find((e) => e.id === exceptionId);
  if (!exception) throw new DomainError('CLEARING_EXCEPTION_NOT_FOUND', { clearingId: id, exceptionId });
  if (exception.resolution)
    throw new DomainError('CLEARING_EXCEPTION_ALREADY_RESOLVED', { clearingId: id, exceptionId, resolution: exception.resolution });
  return ctx.temporal.workflow.getHandle(id).executeUpdate(resolveExceptionUpdate, {
    args: [{ exceptionId, decision: body.decision, note: body.note, actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, `resolution:${exceptionId}`, key),
  });
}

export async function reportDelay(
  ctx: AppContext,
  principal: Principal,
  id: string,
  body: { reason: string; expectedDate: string },
  key?: string,
): Promise<ClearingDocument> {
  const doc = await forClerk(ctx, principal, id);
  if (doc.status === 'PAID') throw new DomainError('CLEARING_ALREADY_PAID', { clearingId: id });
  return ctx.temporal.workflow.getHandle(id).executeUpdate(delayReportUpdate, {
    args: [{ ...body, actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'delay-report', key),
  });
}

export async function recordPayment(
  ctx: AppContext,
  principal: Principal,
  id: string,
  body: { amountFen: number; paidOn: string; bankFeeFen: number; interestFen: number },
  key?: string,
): Promise<ClearingDocument> {
  const doc = await forClerk(ctx, principal, id);
  if (doc.status === 'PAID') throw new DomainError('CLEARING_ALREADY_PAID', { clearingId: id });
  return ctx.temporal.workflow.getHandle(id).executeUpdate(clearingPaymentUpdate, {
    args: [{ ...body, actor: caseActorOf(principal) }],
    ...updateIdFor(principal.agencyId, 'payment', key),
  });
}

const yuan = (fen: number): string =>
  `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/** P-2 (b) the statement as CSV: UTF-8 with a BOM and a header row, so a spreadsheet shows Chinese cleanly. */
export async function statementCsv(ctx: AppContext, principal: Principal, id: string): Promise<{ filename: string; csv: string }> {
  const doc = await loadClearing(ctx, principal, id);
  const s = doc.statement;
  if (!s) throw new DomainError('CLEARING_STATEMENT_NOT_READY', { clearingId: id, status: doc.status, rates: doc.rates });
  const base = { clearingId: doc.id, period: doc.period, insuredRegion: doc.insuredRegion, treatmentRegion: doc.treatmentRegion };
  const line = (section: string, item: string, count: number | '', fundFen: number) => ({
    ...base,
    section,
    item,
    count,
    fundFen,
    fundYuan: yuan(fundFen),
  });
  const rows = [
    ...s.byScheme.map((r) => line('险种 SCHEME', r.scheme, r.count, r.fundFen)),
    ...s.byVisitType.map((r) => line('就医类别 VISIT_TYPE', r.visitType, r.count, r.fundFen)),
    line('调整 ADJUSTMENTS (P-6)', '跨期调整 late records and reversals', s.adjustments.count, s.adjustments.fundFen),
    line('合计 TOTAL', '清算基金 fund', s.count, s.fundFen),
    ...s.recoveries.map((r) => line('追回抵扣 RECOVERY_OFFSET (RC-3)', r.recoveryId, '', -r.amountFen)),
    line('应付净额 NET_DUE', '应拨付 net due', '', s.netDueFen),
  ];
  const csv = stringify(rows, {
    bom: true,
    header: true,
    columns: [
      { key: 'clearingId', header: '清算编号 clearingId' },
      { key: 'period', header: '清算期 period' },
      { key: 'insuredRegion', header: '参保地 insuredRegion' },
      { key: 'treatmentRegion', header: '就医地 treatmentRegion' },
      { key: 'section', header: '分组 section' },
      { key: 'item', header: '项目 item' },
      { key: 'count', header: '人次 count' },
      { key: 'fundFen', header: '基金金额(分) fundFen' },
      { key: 'fundYuan', header: '基金金额(元) fundYuan' },
    ],
    record_delimiter: 'windows',
  });
  return { filename: `${doc.id}-statement.csv`, csv };
}

/** Simulation only: run one pair's clearing of a period now (the schedule's job), once. */
export async function runClearingNow(
  ctx: AppContext,
  body: { period: string; insuredRegion: string; treatmentRegion: string },
): Promise<{ created: boolean; clearing: ClearingDocument }> {
  if (!ctx.config.SIMULATION_MODE)
    throw new DomainError('ROUTE_NOT_FOUND', { path: '/api/v1/dev/clearings/run', hint: 'start with --simulate' });
  if (body.insuredRegion === body.treatmentRegion || !ctx.policies.hasRegion(body.insuredRegion))
    throw new DomainError('CLEARING_PAIR_INVALID', body);
  const today = await todayFor(ctx);
  if (!periodEnded(body.period, today)) throw new DomainError('CLEARING_PERIOD_NOT_ENDED', { period: body.period, today });
  return startClearing(ctx, { ...body, terms: clearingTermsOf(ctx.policies, body.insuredRegion) });
}

/** Starts (or finds) the clearing of a pair and period and answers its first stored view. */
export async function startClearing(
  ctx: AppContext,
  pair: { period: string; insuredRegion: string; treatmentRegion: string; terms: ReturnType<typeof clearingTermsOf> },
): Promise<{ created: boolean; clearing: ClearingDocument }> {
  const clearingId = clearingIdOf(pair.insuredRegion, pair.treatmentRegion, pair.period);
  const existing = await clearingViewModel(ctx.db).findById(clearingId).lean();
  if (existing) return { created: false, clearing: existing.document as ClearingDocument };
  try {
    const clearing = await ctx.temporal.workflow.executeUpdateWithStart(clearingOpenedUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof clearingWorkflow>('clearingWorkflow', {
        workflowId: clearingId,
        taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        // Running the same period twice makes no second clearing, also after it closed.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [
          { clearingId, period: pair.period, insuredRegion: pair.insuredRegion, treatmentRegion: pair.treatmentRegion, terms: pair.terms },
        ],
        ...caseStartOptions('CLEARING', pair.insuredRegion, pair.treatmentRegion, pair.period),
      }),
    });
    countCaseStarted('CLEARING');
    return { created: true, clearing };
  } catch (err) {
    if ((err as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
    const row = await clearingViewModel(ctx.db).findById(clearingId).lean();
    if (!row) throw err;
    return { created: false, clearing: row.document as ClearingDocument };
  }
}

export { parseClearingId };
