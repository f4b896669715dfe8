// Real-time direct settlement (DOMAIN.md section 3) behind the HTTP routes. Synchronous and
// short: no workflow per bill. The pure engine (domain/settlement) computes; this file finds
// its inputs (insured-region policy, the person's filing, the S-5 accumulator) and stores the
// result exactly once.
//
// Stored exactly once without multi-document transactions: see storeOnce and
// services/accumulators.ts. A retried request (same Idempotency-Key, hence the same
// settlement id) gets the first result back and charges nothing.
import type mongoose from 'mongoose';
import { DomainError } from '../../domain/errors';
import { policyVersionOn, type EffectiveSettlementPolicy } from '../../domain/policy/settlementPolicy';
import {
  accumulatorKey,
  accumulatorKeyId,
  reimburse,
  settle,
  type Bill,
  type FilingFacts,
  type FilingStatus,
  type FilingType,
  type SettlementBreakdown,
  type SettlementContext,
} from '../../domain/settlement';
import { formatShanghaiTimestamp, isoDateInShanghai, monthKey } from '../../domain/time';
import { accumulatorChargeModel } from '../../models/accumulator';
import { filingViewModel, type FilingView } from '../../models/filingView';
import { settlementRecordModel, type SettlementRecord } from '../../models/settlementRecord';
import { commitmentFundPaidSignal } from '../../workflows/filing/definitions';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import type { SettlementBody } from '../schemas/settlement';
import { assertCanRead, assertInsuredClerkOf } from './access';
import { accumulatorStore } from './accumulators';
import { caseId } from './caseIds';

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

/** The bill's region and the city and province that contain it: a filing for any of them covers it. */
function enclosingRegions(code: string): string[] {
  return [...new Set([code, `${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`])];
}

const LIVE: ReadonlySet<string> = new Set(['ACTIVE', 'COMMITMENT_PENDING']);

function coversAdmission(f: Pick<FilingView, 'status' | 'validFrom' | 'validUntil'>, admissionDate: string): boolean {
  return f.status !== 'LAPSED' && f.validFrom <= admissionDate && (f.validUntil === null || admissionDate <= f.validUntil);
}

type FilingRow = Pick<FilingView, 'filingId' | 'type' | 'status' | 'validFrom' | 'validUntil' | 'createdAt' | 'document'>;

/**
 * F-4: the filing that covers the admission, if any. Several may (F-11 supersession keeps old
 * ones): a live one first, then the most recent. With none, the most recent filing anyway, so
 * the engine's refusal can say why (lapsed, or not valid on the admission date).
 */
export function chooseFiling(rows: FilingRow[], admissionDate: string): FilingRow | null {
  const newestFirst = [...rows].sort(
    (a, b) => b.validFrom.localeCompare(a.validFrom) || String(b.createdAt).localeCompare(String(a.createdAt)),
  );
  const covering = newestFirst.filter((r) => coversAdmission(r, admissionDate));
  return covering.find((r) => LIVE.has(r.status)) ?? covering[0] ?? newestFirst[0] ?? null;
}

interface FilingChoice {
  facts: FilingFacts;
  status: string;
}

/** The person's filing (under the current or a former person number, X-1) for the bill's treatment region. */
async function filingFor(db: mongoose.Connection, bill: Bill): Promise<FilingChoice | null> {
  const rows = await filingViewModel(db)
    .find(
      {
        insuredRegion: bill.insuredRegion,
        treatmentRegion: { $in: enclosingRegions(bill.treatmentRegion) },
        $or: [{ personId: bill.personId }, { formerPersonIds: bill.personId }],
      },
      { filingId: 1, type: 1, status: 1, validFrom: 1, validUntil: 1, createdAt: 1, 'document.referral': 1 },
    )
    .lean<FilingRow[]>();
  const row = chooseFiling(rows, bill.admissionDate);
  if (!row) return null;
  const referral = (row.document as { referral?: { fromHospital?: string } | null } | undefined)?.referral;
  return {
    status: row.status,
    facts: {
      id: row.filingId,
      type: row.type as FilingType,
      status: row.status as FilingStatus,
      validFrom: row.validFrom,
      validUntil: row.validUntil,
      // Matched by containment above: a province filing covers its cities' hospitals.
      treatmentRegion: bill.treatmentRegion,
      ...(referral?.fromHospital ? { referral: { fromHospital: referral.fromHospital } } : {}),
    },
  };
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

function toBody(
  c: Computation,
  b: SettlementBreakdown,
  at: { id: string | null; nowMs: number; period: string | null },
): SettlementBody {
  const { bill } = c;
  return {
    id: at.id,
    kind: c.kind,
    stored: at.id !== null,
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
async function prepare(ctx: AppContext, c: Omit<Computation, 'policy' | 'filing'>): Promise<Computation> {
  const policy = insuredRegionPolicy(ctx, c.bill);
  const filing = await filingFor(ctx.db, c.bill);
  const computation: Computation = { ...c, policy, filing };
  compute(computation, { deductibleUsedFen: 0, fundPaidFen: 0 });
  return computation;
}

// ---------------------------------------------------------------------------------------
// Use cases.

/** POST /settlements/quote: the same computation against the current accumulator; nothing stored. */
export async function quoteSettlement(ctx: AppContext, principal: Principal, bill: Bill): Promise<SettlementBody> {
  assertMayQuote(principal, bill);
  const c = await prepare(ctx, { kind: 'DIRECT', bill });
  const snapshot = await accumulatorStore(ctx.db).read(accumulatorKey(bill));
  const breakdown = compute(c, snapshot);
  return toBody(c, breakdown, { id: null, nowMs: await ctx.clock.nowMs(), period: null });
}

/** POST /settlements (HOSPITAL of the treatment region). */
export async function directSettlement(
  ctx: AppContext,
  principal: Principal,
  bill: Bill,
  idempotencyKey?: string,
): Promise<SettlementBody> {
  assertHospitalOf(principal, bill.treatmentRegion);
  const c = await prepare(ctx, { kind: 'DIRECT', bill });
  return storeOnce(ctx, principal, c, caseId('STL', principal.agencyId, idempotencyKey));
}

/** POST /reimbursements (INSURED_CLERK of the insured region; F-5, S-4). */
export async function manualReimbursement(
  ctx: AppContext,
  principal: Principal,
  bill: Bill,
  ownFault: boolean,
  idempotencyKey?: string,
): Promise<SettlementBody> {
  assertInsuredClerkOf(principal, bill.insuredRegion);
  const c = await prepare(ctx, { kind: 'REIMBURSEMENT', bill, ownFault });
  return storeOnce(ctx, principal, c, caseId('RMB', principal.agencyId, idempotencyKey));
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

const modelsReady = new WeakMap<mongoose.Connection, Promise<unknown>>();

/** The unique indexes (settlement id, charge slot) carry S-5: build them before the first write. */
function ensureModels(db: mongoose.Connection): Promise<unknown> {
  let ready = modelsReady.get(db);
  if (!ready) {
    ready = Promise.all([settlementRecordModel(db).init(), accumulatorChargeModel(db).init()]);
    ready.catch(() => modelsReady.delete(db));
    modelsReady.set(db, ready);
  }
  return ready;
}

/** What is kept with the accumulator charge, so a retry can rebuild the record from it. */
interface Receipt {
  body: SettlementBody;
  /** F-7: set when fund was paid under a COMMITMENT_PENDING filing. */
  commitmentFilingId: string | null;
}

function recordOf(c: Computation, receipt: Receipt, principal: Principal): SettlementRecord & { _id: string } {
  const { bill } = c;
  const { body } = receipt;
  const settlementId = body.id as string;
  return {
    _id: settlementId,
    settlementId,
    kind: c.kind,
    state: 'STORED',
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
  };
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

/**
 * Charge first, record second. The charge is the commitment (S-5) and carries the whole
 * settlement body, so if the process dies between the two, the retry finds its charge (unique
 * settlement id), gets that body back and writes the record then: the person is never charged
 * twice and the response never changes.
 */
async function storeOnce(ctx: AppContext, principal: Principal, c: Computation, settlementId: string): Promise<SettlementBody> {
  await ensureModels(ctx.db);
  const records = settlementRecordModel(ctx.db);
  // A retry of a stored settlement returns it as stored, even if the rules would now answer otherwise.
  const stored = await records.findById(settlementId, { breakdown: 1 }).lean();
  if (stored) return stored.breakdown as SettlementBody;

  const nowMs = await ctx.clock.nowMs();
  const period = monthKey(isoDateInShanghai(nowMs));
  const { receipt } = await accumulatorStore(ctx.db).chargeOnce<Receipt>(accumulatorKey(c.bill), settlementId, (snapshot) => {
    const breakdown = compute(c, snapshot);
    const body = toBody(c, breakdown, { id: settlementId, nowMs, period });
    const underCommitment = c.filing?.status === 'COMMITMENT_PENDING' && body.fundFen > 0 && body.filingId !== undefined;
    return { amounts: breakdown.accumulatorDelta, receipt: { body, commitmentFilingId: underCommitment ? body.filingId! : null } };
  });

  try {
    await records.create(recordOf(c, receipt, principal));
  } catch (err) {
    // A concurrent retry of the same settlement wrote the record (and tells the filing).
    if (isDuplicateKey(err)) return receipt.body;
    throw err;
  }
  if (receipt.commitmentFilingId) await tellCommitmentFiling(ctx, receipt.commitmentFilingId, receipt.body);
  return receipt.body;
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
