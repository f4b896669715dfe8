// Real-time direct settlement (DOMAIN.md section 3) behind the HTTP routes: the use cases.
// Synchronous and short, no workflow per bill: the computation (settlementComputation.ts) is
// stored exactly once (settlementStore.ts) and answered as a body (settlementBody.ts).
import { DomainError } from '../../domain/errors';
import type { Bill } from '../../domain/settlement';
import { settlementRecordModel, type SettlementRecord } from '../../models/settlementRecord';
import { commitmentFundPaidSignal } from '../../workflows/filing/definitions';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import type { SettlementBody } from '../schemas/settlement';
import { assertCanRead, assertHospitalOf, assertInsuredClerkOf, assertMayQuote, visibilityFilter } from './access';
import { accumulatorStore } from './accumulators';
import { caseId } from './caseIds';
import { recordOf, storedBody, toBody, type SettlementReceipt } from './settlementBody';
import { accumulatorChargeModel } from '../../models/accumulator';
import { insertOnce } from '../../models/writes';
import { canonicalPersonId, personNumbers } from '../../models/personAlias';
import { checkedComputation, compute } from './settlementComputation';
import { storeOnce, type KeyedRequest, type StoredSettlement, type StoreOutcome } from './settlementStore';
import { noteSettlementStored } from './advances';

export type { KeyedRequest, StoredSettlement } from './settlementStore';

/** POST /settlements/quote: the same computation against the current accumulator; nothing stored. */
export async function quoteSettlement(ctx: AppContext, principal: Principal, bill: Bill): Promise<SettlementBody> {
  assertMayQuote(principal, bill);
  const c = await checkedComputation(ctx, { kind: 'DIRECT', bill });
  const breakdown = compute(c, await accumulatorStore(ctx.db).readForQuote(c.accumulator));
  return toBody(c, breakdown, { id: null, nowMs: await ctx.clock.nowMs(), period: null });
}

/** POST /settlements (HOSPITAL of the treatment region). */
export async function directSettlement(ctx: AppContext, principal: Principal, bill: Bill, keyed?: KeyedRequest): Promise<StoredSettlement> {
  assertHospitalOf(principal, bill);
  return told(
    ctx,
    await storeOnce(ctx, principal, caseId('STL', principal.agencyId, keyed?.key), keyed, () =>
      checkedComputation(ctx, { kind: 'DIRECT', bill }),
    ),
  );
}

/** POST /reimbursements (INSURED_CLERK of the insured region; F-5, S-4). */
export async function manualReimbursement(
  ctx: AppContext,
  principal: Principal,
  bill: Bill,
  ownFault: boolean,
  keyed?: KeyedRequest,
): Promise<StoredSettlement> {
  assertInsuredClerkOf(principal, bill.insuredRegion);
  return told(
    ctx,
    await storeOnce(ctx, principal, caseId('RMB', principal.agencyId, keyed?.key), keyed, () =>
      checkedComputation(ctx, { kind: 'REIMBURSEMENT', bill, ownFault }),
    ),
  );
}

/** GET /settlements/:id: the hospital's treatment region or the clerk's insured region; others 404. */
export async function loadSettlement(ctx: AppContext, principal: Principal, id: string): Promise<SettlementBody> {
  const row = (await settlementRecordModel(ctx.db).findById(id).lean()) ?? (await recordFromCharge(ctx, id));
  if (!row || row.state !== 'STORED') throw new DomainError('NOT_FOUND', { settlementId: id });
  assertCanRead(principal, row, 'settlementId');
  return storedBody(row);
}

/**
 * S-5: a settlement is charged first and recorded second; a process that died between the two
 * left a charge without its record. The charge holds the whole answer, so the record is written
 * from it here (the retry of the request would do the same), and the settlement is found.
 */
async function recordFromCharge(ctx: AppContext, id: string): Promise<SettlementRecord | null> {
  const charge = await accumulatorChargeModel(ctx.db).findOne({ settlementId: id }, { receipt: 1 }).lean();
  const receipt = charge?.receipt as Partial<SettlementReceipt> | undefined;
  if (!receipt?.body) return null; // none, or a kept refusal
  const record = recordOf(receipt as SettlementReceipt, null, 'rebuilt from its accumulator charge');
  await insertOnce(settlementRecordModel(ctx.db), record);
  return (await settlementRecordModel(ctx.db).findById(id).lean()) ?? record;
}

/** GET /settlements: what the caller may see (a hospital its own institution's), newest first. */
export async function listSettlements(
  ctx: AppContext,
  principal: Principal,
  query: { period?: string; personId?: string; page: number; pageSize: number },
): Promise<{ items: SettlementBody[]; page: number; pageSize: number; total: number }> {
  const filter: Record<string, unknown> = { ...visibilityFilter(principal), state: 'STORED' };
  if (principal.role === 'HOSPITAL') filter.hospitalId = principal.hospitalId ?? '-';
  if (query.period) filter.period = query.period;
  if (query.personId) filter.personId = { $in: await personNumbers(ctx.db, await canonicalPersonId(ctx.db, query.personId)) };
  const model = settlementRecordModel(ctx.db);
  const [rows, total] = await Promise.all([
    model
      .find(filter)
      .sort({ storedAt: -1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    model.countDocuments(filter),
  ]);
  return { items: rows.map(storedBody), page: query.page, pageSize: query.pageSize, total };
}

/**
 * F-7: fund paid under a commitment is what a lapse must recover, so the filing's workflow
 * keeps the sum. Best effort: the settlement is already valid, and the workflow de-duplicates
 * by settlement id; a signal that does not get through is logged.
 */
async function told(ctx: AppContext, outcome: StoreOutcome): Promise<StoredSettlement> {
  noteSettlementStored(ctx, outcome); // P-5: the pair's advance case measures usage again (never awaited)
  const filingId = outcome.tellCommitmentFiling;
  if (filingId) {
    const settlementId = outcome.body.id as string;
    try {
      await ctx.temporal.workflow.getHandle(filingId).signal(commitmentFundPaidSignal, { settlementId, fundFen: outcome.body.fundFen });
    } catch (err) {
      ctx.logger.warn('commitment filing not told about fund paid (F-7)', {
        settlementId,
        filingId,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { body: outcome.body, replayed: outcome.replayed };
}
