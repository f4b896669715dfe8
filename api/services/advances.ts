// Advance fund use cases (P-1, P-5). Every figure is derived from the records when read
// (models/advanceMeasure.ts), so it is always the sum of the records; the pair's advance
// workflow only watches the alert lines, and is nudged here when a settlement is stored or
// reversed and when a top-up arrives.
import { DomainError } from '../../domain/errors';
import { advanceIdOf, type AdvanceTerms } from '../../domain/advance';
import { grantMovement, topUpMovement } from '../../domain/clearing/ledger';
import { isoDateInShanghai, yearOf } from '../../domain/time';
import { advanceQuotaModel, advanceTopUpModel, advanceViewModel, quotaSlotId } from '../../models/advance';
import { latestQuota, measureAdvance, type Pair } from '../../models/advanceMeasure';
import { bookClearingMovement } from '../../models/clearingLedger';
import { settlementRecordModel } from '../../models/settlementRecord';
import { insertOnce } from '../../models/writes';
import { advanceNudgedSignal, advanceToppedUpSignal, type AdvanceDocument } from '../../workflows/advance/definitions';
import type { advanceWorkflow } from '../../workflows/advance/workflow';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { caseId } from './caseIds';
import { caseActorOf } from './inquiries';

function advanceTerms(ctx: AppContext, insuredRegion: string): AdvanceTerms & { defaultQuotaFen: number } {
  const a = ctx.policies.forRegion(insuredRegion).clearing.advance;
  return { ...a, topUpReminderDaysBefore: [...a.topUpReminderDaysBefore] };
}

const startArgs = (ctx: AppContext, pair: Pair) => {
  const { defaultQuotaFen: _default, ...terms } = advanceTerms(ctx, pair.insuredRegion);
  void _default;
  return {
    workflowId: advanceIdOf(pair.insuredRegion, pair.treatmentRegion),
    taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
    args: [{ ...pair, terms }] as [Parameters<typeof advanceWorkflow>[0]],
  };
};

/**
 * The advance case hears that usage changed. Per API process at most one signal per pair is in
 * flight, and the next one waits until ADVANCE_NUDGE_INTERVAL_MS after the last; changes meanwhile
 * fold into it (the case measures from the records anyway), and the settlement never waits.
 */
const inFlight = new Map<string, { again: boolean }>();

/**
 * Each nudge makes the case measure the pair's usage, which reads every outstanding settlement
 * of the pair: at counter rates, nudging as fast as signals return kept the database busy with
 * those reads (on FerretDB, which decodes every record it reads, half its time in the settlement
 * bench even at one nudge per 2 s). A P-5 alert line crossed is seen within seconds, and the
 * top-up it asks for has days to arrive.
 */
export const ADVANCE_NUDGE_INTERVAL_MS = 5_000;

export function nudgeAdvance(ctx: AppContext, pair: Pair, reason: string): void {
  const key = `${pair.insuredRegion}-${pair.treatmentRegion}`;
  const running = inFlight.get(key);
  if (running) {
    running.again = true;
    return;
  }
  const slot = { again: false };
  inFlight.set(key, slot);
  const send = async (): Promise<void> => {
    const sentAt = Date.now();
    try {
      await ctx.temporal.workflow.signalWithStart<typeof advanceWorkflow, [{ reason: string }]>('advanceWorkflow', {
        ...startArgs(ctx, pair),
        signal: advanceNudgedSignal,
        signalArgs: [{ reason }],
      });
    } catch (err) {
      ctx.logger.warn('advance case not told of a usage change (P-5); the next change tells it (usage itself is read from the records)', {
        ...pair,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    if (slot.again) {
      const wait = sentAt + ADVANCE_NUDGE_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      slot.again = false;
      return send();
    }
    inFlight.delete(key);
  };
  void send();
}

/** Hook of the settlement path: a stored direct settlement with fund paid changes its pair's usage. */
export function noteSettlementStored(
  ctx: AppContext,
  stored: { body: { kind?: string; fundFen: number; insuredRegion: string; treatmentRegion: string }; replayed: boolean },
): void {
  const { body } = stored;
  if (stored.replayed || body.kind !== 'DIRECT' || body.fundFen <= 0 || !ctx.policies.hasRegion(body.insuredRegion)) return;
  nudgeAdvance(ctx, { insuredRegion: body.insuredRegion, treatmentRegion: body.treatmentRegion }, 'settlement stored');
}

function insuredRegionOf(principal: Principal, explicit?: string): string {
  if (principal.role === 'ADMIN') {
    if (!explicit)
      throw new DomainError('VALIDATION_FAILED', { fields: [{ path: 'body.insuredRegion', problem: 'required for an administrator' }] });
    return explicit;
  }
  if (explicit && explicit !== principal.region)
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, insuredRegion: explicit });
  return principal.region!;
}

async function pairsVisible(
  ctx: AppContext,
  principal: Principal,
  query: { insuredRegion?: string; treatmentRegion?: string },
): Promise<Pair[]> {
  const filter: Record<string, string> = {};
  if (principal.role === 'INSURED_CLERK') filter.insuredRegion = principal.region ?? '-';
  else if (query.insuredRegion) filter.insuredRegion = query.insuredRegion;
  if (principal.role === 'TREATMENT_AGENCY') filter.treatmentRegion = principal.region ?? '-';
  else if (query.treatmentRegion) filter.treatmentRegion = query.treatmentRegion;
  if (filter.insuredRegion && filter.treatmentRegion)
    return [{ insuredRegion: filter.insuredRegion, treatmentRegion: filter.treatmentRegion }];
  const pairs = new Map<string, Pair>();
  const add = (p: Pair) => {
    if (p.insuredRegion !== p.treatmentRegion && ctx.policies.hasRegion(p.insuredRegion))
      pairs.set(`${p.insuredRegion}-${p.treatmentRegion}`, { insuredRegion: p.insuredRegion, treatmentRegion: p.treatmentRegion });
  };
  for (const v of await advanceViewModel(ctx.db).find(filter, { insuredRegion: 1, treatmentRegion: 1 }).lean()) add(v);
  for (const r of await settlementRecordModel(ctx.db)
    .find({ ...filter, kind: 'DIRECT' }, { insuredRegion: 1, treatmentRegion: 1, _id: 0 })
    .lean())
    add(r);
  return [...pairs.values()].sort((a, b) =>
    `${a.insuredRegion}${a.treatmentRegion}`.localeCompare(`${b.insuredRegion}${b.treatmentRegion}`),
  );
}

export async function advanceOf(ctx: AppContext, pair: Pair) {
  if (!ctx.policies.hasRegion(pair.insuredRegion)) throw new DomainError('CLEARING_PAIR_INVALID', { ...pair });
  const terms = advanceTerms(ctx, pair.insuredRegion);
  const [measure, view] = await Promise.all([
    measureAdvance(ctx.db, pair, terms, await ctx.clock.nowMs()),
    advanceViewModel(ctx.db).findById(advanceIdOf(pair.insuredRegion, pair.treatmentRegion)).lean(),
  ]);
  const doc = view?.document as AdvanceDocument | undefined;
  const open = doc?.requests.find((r) => r.status !== 'TOPPED_UP');
  return {
    ...pair,
    year: measure.year,
    quotaFen: measure.quotaFen,
    balanceFen: measure.balanceFen,
    outstandingFen: measure.outstandingFen,
    usagePercent: measure.usagePercent,
    alert: measure.alert,
    yellowPercent: terms.yellowPercent,
    redPercent: terms.redPercent,
    ...(open ? { topUpRequestId: open.id } : {}),
    topUpRequests: doc?.requests ?? [],
    events: doc?.events ?? [],
  };
}

export async function listAdvances(ctx: AppContext, principal: Principal, query: { insuredRegion?: string; treatmentRegion?: string }) {
  const items = [];
  for (const pair of await pairsVisible(ctx, principal, query)) items.push(await advanceOf(ctx, pair));
  return { items };
}

/** P-1: the year's default grant, booked once (the ledger holds every advance the balance counts). */
async function bookDefaultGrant(ctx: AppContext, pair: Pair, year: number, on: string): Promise<void> {
  const grant = grantMovement({
    caseId: advanceIdOf(pair.insuredRegion, pair.treatmentRegion),
    ...pair,
    year,
    seq: 0,
    amountFen: advanceTerms(ctx, pair.insuredRegion).defaultQuotaFen,
    bookedOn: on,
  });
  if (grant) await bookClearingMovement(ctx.db, grant);
}

/** P-1, P-5: a top-up of the advance from the insured fund, once per key; it closes an open emergency request. */
export async function topUp(
  ctx: AppContext,
  principal: Principal,
  body: { treatmentRegion: string; amountFen: number; insuredRegion?: string },
  key: string | undefined,
  requestHash: string | undefined,
) {
  const insuredRegion = insuredRegionOf(principal, body.insuredRegion);
  if (insuredRegion === body.treatmentRegion)
    throw new DomainError('ADVANCE_TOP_UP_INVALID', { insuredRegion, treatmentRegion: body.treatmentRegion });
  const pair = { insuredRegion, treatmentRegion: body.treatmentRegion };
  const nowMs = await ctx.clock.nowMs();
  const on = isoDateInShanghai(nowMs);
  const topUpId = caseId('ATU', principal.agencyId, key, `top-up:${pair.treatmentRegion}`);
  const model = advanceTopUpModel(ctx.db);
  await insertOnce(model, {
    _id: topUpId,
    ...pair,
    year: yearOf(on),
    amountFen: body.amountFen,
    on,
    by: principal.agencyId,
    requestHash: requestHash ?? null,
    at: new Date(nowMs),
  });
  const kept = (await model.findById(topUpId).lean())!;
  if (kept.amountFen !== body.amountFen || kept.treatmentRegion !== pair.treatmentRegion)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { key });
  await bookDefaultGrant(ctx, pair, kept.year, kept.on);
  await bookClearingMovement(
    ctx.db,
    topUpMovement({
      caseId: advanceIdOf(pair.insuredRegion, pair.treatmentRegion),
      ...pair,
      topUpId,
      amountFen: kept.amountFen,
      bookedOn: kept.on,
    }),
  );
  await ctx.temporal.workflow.signalWithStart<
    typeof advanceWorkflow,
    [{ topUpId: string; amountFen: number; actor: ReturnType<typeof caseActorOf> }]
  >('advanceWorkflow', {
    ...startArgs(ctx, pair),
    signal: advanceToppedUpSignal,
    signalArgs: [{ topUpId, amountFen: kept.amountFen, actor: caseActorOf(principal) }],
  });
  return { topUpId, ...pair, amountFen: kept.amountFen, on: kept.on, advance: await advanceOf(ctx, pair) };
}

const QUOTA_ATTEMPTS = 5;

/**
 * P-1: the insured region's clerk sets the pair's yearly quota. The quota is a chain of slots per
 * pair and year; the next slot is inserted only after the newest one, so two clerks at once
 * cannot both win (the loser re-reads and tries again). The ledger books the change.
 */
export async function setQuota(ctx: AppContext, principal: Principal, body: { treatmentRegion: string; quotaFen: number; year?: number }) {
  const insuredRegion = insuredRegionOf(principal);
  if (insuredRegion === body.treatmentRegion)
    throw new DomainError('CLEARING_PAIR_INVALID', { insuredRegion, treatmentRegion: body.treatmentRegion });
  const pair = { insuredRegion, treatmentRegion: body.treatmentRegion };
  const nowMs = await ctx.clock.nowMs();
  const on = isoDateInShanghai(nowMs);
  const year = body.year ?? yearOf(on);
  const defaultQuotaFen = advanceTerms(ctx, insuredRegion).defaultQuotaFen;
  await bookDefaultGrant(ctx, pair, year, on);
  for (let attempt = 0; attempt < QUOTA_ATTEMPTS; attempt += 1) {
    const latest = await latestQuota(ctx.db, pair, year);
    const seq = (latest?.seq ?? 0) + 1;
    const deltaFen = body.quotaFen - (latest?.quotaFen ?? defaultQuotaFen);
    const won = await insertOnce(advanceQuotaModel(ctx.db), {
      _id: quotaSlotId(insuredRegion, body.treatmentRegion, year, seq),
      ...pair,
      year,
      seq,
      quotaFen: body.quotaFen,
      deltaFen,
      setBy: principal.agencyId,
      at: new Date(nowMs),
    });
    if (!won) continue;
    const grant = grantMovement({
      caseId: advanceIdOf(insuredRegion, body.treatmentRegion),
      ...pair,
      year,
      seq,
      amountFen: deltaFen,
      bookedOn: on,
    });
    if (grant) await bookClearingMovement(ctx.db, grant);
    nudgeAdvance(ctx, pair, 'quota set');
    return advanceOf(ctx, pair);
  }
  throw new DomainError('ADVANCE_QUOTA_CONTENDED', { ...pair, year });
}
