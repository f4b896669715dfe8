// Real-time direct settlement (DOMAIN.md section 3) behind the HTTP routes. Synchronous and
// short: no workflow per bill. The pure engine (domain/settlement) computes; this file finds
// its inputs (insured-region policy, the person's filing, the S-5 accumulator) and stores the
// result exactly once.
//
// Stored exactly once without multi-document transactions: see storeOnce and
// services/accumulators.ts. A retried request (same Idempotency-Key, hence the same
// settlement id) gets the first result back and charges nothing.
import { DomainError } from '../../domain/errors';
import { policyVersionOn, type EffectiveSettlementPolicy } from '../../domain/policy/settlementPolicy';
import {
  accumulatorKey,
  accumulatorKeyId,
  reimburse,
  settle,
  type Bill,
  type SettlementBreakdown,
  type SettlementContext,
} from '../../domain/settlement';
import { formatShanghaiTimestamp, isoDateInShanghai, monthKey } from '../../domain/time';
import { insertOnce } from '../../models/writes';
import { settlementRecordModel, type SettlementRecord } from '../../models/settlementRecord';
import { commitmentFundPaidSignal } from '../../workflows/filing/definitions';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { renderError, ReplayedRefusal, type RenderedError } from '../http/problem';
import type { SettlementBody } from '../schemas/settlement';
import { assertCanRead, assertInsuredClerkOf } from './access';
import { accumulatorStore } from './accumulators';
import { caseId } from './caseIds';
import { filingFinder, type FilingChoice } from './settlementFilings';

export type SettlementKind = 'DIRECT' | 'REIMBURSEMENT';

// ---------------------------------------------------------------------------------------
// Who may settle what (API.md): a hospital only bills of its own treatment region, a clerk
// only bills of its own insured region.

function assertHospitalOf(principal: Principal, treatmentRegion: string): void {
  if (principal.role !== 'HOSPITAL' || principal.region !== treatmentRegion) {
    throw new DomainError('AUTH_FORBIDDEN_REGION', { yourRegion: principal.region, billTreatmentRegion: treatmentRegion });
  }
}

function assertMayQuote(principal: Principal, bill: Bill): void {
  if (principal.role === 'HOSPITAL') return assertHospitalOf(principal, bill.treatmentRegion);
  assertInsuredClerkOf(principal, bill.insuredRegion);
}

// ---------------------------------------------------------------------------------------
// Inputs of the engine.

interface PolicyChoice {
  version: EffectiveSettlementPolicy;
  /** The folder the policy came from: a city may be insured under its province's policy. */
  sourceRegion: string;
}

/** S-1: the insured region's policy version in force on the admission date. */
function insuredRegionPolicy(ctx: AppContext, bill: Bill): PolicyChoice {
  if (!ctx.policies.hasRegion(bill.insuredRegion)) {
    throw new DomainError('SETTLEMENT_REGION_UNKNOWN', { insuredRegion: bill.insuredRegion, knownRegions: ctx.policies.regions() });
  }
  const regional = ctx.policies.forRegion(bill.insuredRegion);
  const version = policyVersionOn(regional.settlement, bill.admissionDate);
  // The engine refuses a policy labelled with another region; a city under its province's
  // policy is still settled under its insured region's rules, so it carries the city's code.
  return { version: { ...version, region: bill.insuredRegion }, sourceRegion: version.region };
}

// ---------------------------------------------------------------------------------------
// Computing.

interface Computation {
  kind: SettlementKind;
  bill: Bill;
  policy: PolicyChoice;
  filing: FilingChoice | null;
  ownFault?: boolean;
}

function compute(c: Computation, accumulator: SettlementContext['accumulator']): SettlementBreakdown {
  const context: SettlementContext = { filing: c.filing?.facts ?? null, accumulator };
  return c.kind === 'DIRECT'
    ? settle(c.policy.version, c.bill, context)
    : reimburse(c.policy.version, c.bill, context, { ownFault: c.ownFault ?? false });
}

/** The bill's own fields, as a settlement answers them and as its record keeps them. */
function billFields(bill: Bill) {
  return {
    personId: bill.personId,
    scheme: bill.scheme,
    personCategory: bill.personCategory,
    insuredRegion: bill.insuredRegion,
    treatmentRegion: bill.treatmentRegion,
    hospitalId: bill.hospitalId,
    hospitalLevel: bill.hospitalLevel,
    visitType: bill.visitType,
    admissionDate: bill.admissionDate,
    dischargeDate: bill.dischargeDate ?? null,
  };
}

function toBody(c: Computation, b: SettlementBreakdown, at: { id: string | null; nowMs: number; period: string | null }): SettlementBody {
  return {
    id: at.id,
    kind: c.kind,
    stored: at.id !== null,
    ...billFields(c.bill),
    totalFen: b.totalFen,
    eligibleFen: b.eligibleFen,
    deductibleFen: b.deductibleFen,
    basePercent: b.basePercent,
    ratioPercent: b.ratioPercent,
    reductionPoints: b.reductionPoints,
    reductionReason: b.reductionReason,
    reductions: b.reductions,
    fundFen: b.fundFen,
    personalFen: b.personalFen,
    capAppliedFen: b.capAppliedFen,
    ...(b.filingId !== undefined ? { filingId: b.filingId } : {}),
    ...(c.kind === 'REIMBURSEMENT' ? { ownFault: c.ownFault ?? false } : {}),
    policyRegion: c.policy.sourceRegion,
    policyVersion: b.policyVersion,
    accumulator: { key: accumulatorKeyId(b.accumulatorKey), ...b.accumulatorDelta },
    period: at.period,
    settledAt: formatShanghaiTimestamp(at.nowMs),
    ruleTrace: b.ruleTrace,
  };
}

/** Everything but the accumulator: rule errors (no filing, unknown region, ...) surface here, before any write. */
async function checkedComputation(ctx: AppContext, c: Omit<Computation, 'policy' | 'filing'>): Promise<Computation> {
  const policy = insuredRegionPolicy(ctx, c.bill);
  const filing = await filingFinder(ctx.db).find(c.bill);
  const computation: Computation = { ...c, policy, filing };
  compute(computation, { deductibleUsedFen: 0, fundPaidFen: 0 });
  return computation;
}

// ---------------------------------------------------------------------------------------
// Use cases.

/** POST /settlements/quote: the same computation against the current accumulator; nothing stored. */
export async function quoteSettlement(ctx: AppContext, principal: Principal, bill: Bill): Promise<SettlementBody> {
  assertMayQuote(principal, bill);
  const snapshot = accumulatorStore(ctx.db).readForQuote(accumulatorKey(bill));
  snapshot.catch(() => undefined); // awaited below unless the rules refuse the bill first
  const c = await checkedComputation(ctx, { kind: 'DIRECT', bill });
  const breakdown = compute(c, await snapshot);
  return toBody(c, breakdown, { id: null, nowMs: await ctx.clock.nowMs(), period: null });
}

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

/** POST /settlements (HOSPITAL of the treatment region). */
export async function directSettlement(ctx: AppContext, principal: Principal, bill: Bill, keyed?: KeyedRequest): Promise<StoredSettlement> {
  assertHospitalOf(principal, bill.treatmentRegion);
  return storeOnce(ctx, principal, caseId('STL', principal.agencyId, keyed?.key), keyed, () =>
    checkedComputation(ctx, { kind: 'DIRECT', bill }),
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
  return storeOnce(ctx, principal, caseId('RMB', principal.agencyId, keyed?.key), keyed, () =>
    checkedComputation(ctx, { kind: 'REIMBURSEMENT', bill, ownFault }),
  );
}

/** GET /settlements/:id: the hospital's treatment region or the clerk's insured region; others 404. */
export async function loadSettlement(ctx: AppContext, principal: Principal, id: string): Promise<SettlementBody> {
  const row = await settlementRecordModel(ctx.db).findById(id).lean();
  if (!row || row.state !== 'STORED') throw new DomainError('NOT_FOUND', { settlementId: id });
  assertCanRead(principal, row, 'settlementId');
  return row.breakdown as SettlementBody;
}

// ---------------------------------------------------------------------------------------
// Storing exactly once.

/** What is kept with the accumulator charge, so a retry can rebuild the record from it. */
interface Receipt {
  body: SettlementBody;
  /** F-7: set when fund was paid under a COMMITMENT_PENDING filing. */
  commitmentFilingId: string | null;
  /** Of the keyed request that made it: a retry must come with the same body. */
  requestHash: string | null;
}

/** What is kept when a keyed request is refused by the rules: its retries get the same answer. */
interface RefusalReceipt {
  refusal: RenderedError;
  requestHash: string;
}

type KeptAnswer = Receipt | RefusalReceipt;

function recordOf(c: Computation, receipt: Receipt, principal: Principal): SettlementRecord {
  const { bill } = c;
  const { body } = receipt;
  const settlementId = body.id as string;
  return {
    _id: settlementId,
    settlementId,
    kind: c.kind,
    state: 'STORED',
    ...billFields(bill),
    totalFen: body.totalFen,
    eligibleFen: body.eligibleFen,
    fundFen: body.fundFen,
    personalFen: body.personalFen,
    filingId: body.filingId ?? null,
    period: body.period as string,
    request: c.kind === 'REIMBURSEMENT' ? { ...bill, ownFault: c.ownFault ?? false } : bill,
    breakdown: body,
    submittedBy: principal.agencyId,
    createdAt: new Date(),
    policyRegion: body.policyRegion,
    policyVersion: body.policyVersion,
    accumulatorKeyId: body.accumulator.key,
    storedAt: new Date(),
    commitmentFilingId: receipt.commitmentFilingId,
    commitmentSignalled: null,
    requestHash: receipt.requestHash,
  };
}

/**
 * Charge first, record second. The charge is the commitment (S-5) and its receipt holds the
 * whole settlement body, so if the process dies between the two, the retry finds its charge
 * (unique settlement id), gets that body back and writes the record then: the person is never
 * charged twice and the response never changes.
 *
 * A keyed request needs nothing more to be idempotent (API.md): the settlement id comes from
 * the key, so a retry meets its own charge, or the refusal kept for it, and answers that.
 */
async function storeOnce(
  ctx: AppContext,
  principal: Principal,
  settlementId: string,
  keyed: KeyedRequest | undefined,
  computation: () => Promise<Computation>,
): Promise<StoredSettlement> {
  let c: Computation;
  try {
    c = await computation();
  } catch (refusal) {
    // Only a keyed request can be a retry: without a key the id is fresh.
    if (keyed) return answerRefused(ctx, settlementId, keyed, refusal);
    throw refusal;
  }

  const nowMs = await ctx.clock.nowMs();
  const period = monthKey(isoDateInShanghai(nowMs));
  const outcome = await accumulatorStore(ctx.db).chargeOnce<KeptAnswer>(accumulatorKey(c.bill), settlementId, (snapshot) => {
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
  // False when a concurrent retry wrote the record already (and tells the filing).
  const wroteRecord = await insertOnce(settlementRecordModel(ctx.db), recordOf(c, answer, principal));
  if (wroteRecord && answer.commitmentFilingId) await tellCommitmentFiling(ctx, answer.commitmentFilingId, answer.body);
  return { body: answer.body, replayed: !outcome.chargedNow };
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

/**
 * F-7: fund paid under a commitment is what a lapse must recover, so the filing's workflow
 * keeps the sum. Best effort: the settlement is already valid; the record keeps whether the
 * signal got through (null: never tried, e.g. a crash), and the workflow de-duplicates by
 * settlement id, so a sweeper may resend any record not marked true.
 */
async function tellCommitmentFiling(ctx: AppContext, filingId: string, body: SettlementBody): Promise<void> {
  const settlementId = body.id as string;
  let signalled = false;
  try {
    await ctx.temporal.workflow.getHandle(filingId).signal(commitmentFundPaidSignal, { settlementId, fundFen: body.fundFen });
    signalled = true;
  } catch (err) {
    ctx.logger.warn('commitment filing not told about fund paid (F-7); resend later', {
      settlementId,
      filingId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
  await settlementRecordModel(ctx.db).updateOne({ _id: settlementId }, { $set: { commitmentSignalled: signalled } });
}
