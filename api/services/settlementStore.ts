// Storing a settlement exactly once without multi-document transactions (S-5): the
// accumulator charge is the commitment and carries the whole answer as its receipt; the record
// follows. A keyed retry meets its own charge (or the refusal kept for it) and answers that.
import { DomainError } from '../../domain/errors';
import { isoDateInShanghai, monthKey } from '../../domain/time';
import { insertOnce } from '../../models/writes';
import { recordAuditEvent } from '../../models/auditEvent';
import { auditActorOf } from './actors';
import { settlementRecordModel } from '../../models/settlementRecord';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { renderError, ReplayedRefusal, type RenderedError } from '../http/problem';
import type { SettlementBody } from '../schemas/settlement';
import { accumulatorStore } from './accumulators';
import { recordOf, requestOf, toBody, type SettlementReceipt } from './settlementBody';
import { compute, type Computation } from './settlementComputation';

/** The caller's Idempotency-Key and the hash of the body it came with. */
export interface KeyedRequest {
  key: string;
  requestHash: string;
}

/** A stored settlement as answered: `replayed` when it answers a retry of the same keyed request. */
export interface StoredSettlement {
  body: SettlementBody;
  replayed: boolean;
}

/** What storeOnce did: the answer, and the F-7 filing to tell when this call wrote the record. */
export interface StoreOutcome extends StoredSettlement {
  /** Set only by the call that wrote the record, when fund was paid under a COMMITMENT_PENDING filing. */
  tellCommitmentFiling: string | null;
}

/** What is kept with the accumulator charge, so a retry can rebuild the record from it. */
type Receipt = SettlementReceipt;

/** What is kept when a keyed request is refused by the rules: its retries get the same answer. */
interface RefusalReceipt {
  refusal: RenderedError;
  requestHash: string;
}

type KeptAnswer = Receipt | RefusalReceipt;

/**
 * Charge first, record second. The charge is the commitment (S-5) and its receipt holds the
 * whole settlement body, so if the process dies between the two, the retry finds its charge
 * (unique settlement id), gets that body back and writes the record then: the person is never
 * charged twice and the response never changes.
 *
 * A keyed request needs nothing more to be idempotent (API.md): the settlement id comes from
 * the key, so a retry meets its own charge, or the refusal kept for it, and answers that.
 */
export async function storeOnce(
  ctx: AppContext,
  principal: Principal,
  settlementId: string,
  keyed: KeyedRequest | undefined,
  computation: () => Promise<Computation>,
): Promise<StoreOutcome> {
  let c: Computation;
  try {
    c = await computation();
  } catch (refusal) {
    // Only a keyed request can be a retry: without a key the id is fresh.
    if (keyed) return { ...(await answerRefused(ctx, settlementId, keyed, refusal)), tellCommitmentFiling: null };
    throw refusal;
  }

  const nowMs = await ctx.clock.nowMs();
  const period = monthKey(isoDateInShanghai(nowMs));
  const outcome = await accumulatorStore(ctx.db).chargeOnce<KeptAnswer>(c.accumulator, settlementId, (snapshot) => {
    const breakdown = compute(c, snapshot);
    const body = toBody(c, breakdown, { id: settlementId, nowMs, period });
    const underCommitment = c.filing?.status === 'COMMITMENT_PENDING' && body.fundFen > 0 && body.filingId !== undefined;
    return {
      amounts: breakdown.accumulatorDelta,
      receipt: { body, commitmentFilingId: underCommitment ? body.filingId! : null, requestHash: keyed?.requestHash ?? null },
    };
  });
  const answer = keptAnswer(outcome.receipt, keyed);
  // Also on a retry: the first attempt may have died before writing its record.
  // False when a concurrent retry wrote the record already (and tells the filing itself).
  const wroteRecord = await insertOnce(settlementRecordModel(ctx.db), recordOf(answer, requestOf(c), principal.agencyId));
  if (outcome.chargedNow || wroteRecord) await auditSettlement(ctx, principal, answer.body);
  return { body: answer.body, replayed: !outcome.chargedNow, tellCommitmentFiling: wroteRecord ? answer.commitmentFilingId : null };
}

/**
 * The first answer given to this settlement id, as long as the retry carries the same body
 * (records stored before request hashes were kept have none, and are taken as matching).
 */
function keptAnswer(kept: KeptAnswer, keyed: KeyedRequest | undefined): Receipt {
  if (keyed && kept.requestHash !== null && kept.requestHash !== keyed.requestHash)
    throw new DomainError('IDEMPOTENCY_KEY_REUSED', { key: keyed.key });
  if ('refusal' in kept) throw new ReplayedRefusal(kept.refusal);
  return kept;
}

/** Statuses that judge the request itself; anything else (conflicts, faults) may go otherwise next time. */
function isFinalRefusal(rendered: RenderedError): boolean {
  return rendered.status >= 400 && rendered.status < 500 && rendered.status !== 409 && rendered.status !== 429;
}

/**
 * A keyed request the rules refuse: a retry of a stored settlement returns it as stored (even
 * though the rules would now refuse it, say the filing lapsed since); a first refusal is kept,
 * so its retries are refused alike even once the rules would let it through.
 */
async function answerRefused(ctx: AppContext, settlementId: string, keyed: KeyedRequest, refusal: unknown): Promise<StoredSettlement> {
  const stored = await settlementRecordModel(ctx.db).findById(settlementId, { breakdown: 1, requestHash: 1 }).lean();
  if (stored) {
    const answer = keptAnswer(
      { body: stored.breakdown as SettlementBody, commitmentFilingId: null, requestHash: stored.requestHash ?? null },
      keyed,
    );
    return { body: answer.body, replayed: true };
  }
  // As the caller saw it (JSON drops what is undefined; the database would keep it as null).
  const rendered = JSON.parse(JSON.stringify(renderError(refusal))) as RenderedError;
  if (!isFinalRefusal(rendered)) throw refusal;
  const kept = await accumulatorStore(ctx.db).refuseOnce<KeptAnswer>(settlementId, { refusal: rendered, requestHash: keyed.requestHash });
  if (kept.refusedNow) throw refusal;
  // Charged meanwhile by a twin of this request whose record is not written yet: its body.
  return { body: keptAnswer(kept.receipt, keyed).body, replayed: true };
}

/** E-2: a stored settlement or reimbursement in the audit trail, once (its id is the event's). */
async function auditSettlement(ctx: AppContext, principal: Principal, body: SettlementBody): Promise<void> {
  await recordAuditEvent(ctx.db, {
    eventId: body.id as string,
    caseType: 'SETTLEMENT',
    caseId: body.id as string,
    action: body.kind === 'DIRECT' ? 'SETTLED' : 'REIMBURSED',
    actor: auditActorOf(principal),
    at: new Date(body.settledAt),
    after: {
      totalFen: body.totalFen,
      fundFen: body.fundFen,
      personalFen: body.personalFen,
      deductibleFen: body.deductibleFen,
      ratioPercent: body.ratioPercent,
      filingId: body.filingId ?? null,
      accumulator: body.accumulator,
    },
    details: { hospitalId: body.hospitalId, insuredRegion: body.insuredRegion, treatmentRegion: body.treatmentRegion, period: body.period },
  });
}
