// The settlement engine's inputs, found for one bill: the insured region's policy version in
// force on the admission date (S-1) and the person's filing (F-4); then the pure computation.
import { DomainError } from '../../domain/errors';
import { policyVersionOn, type EffectiveSettlementPolicy } from '../../domain/policy/settlementPolicy';
import {
  accumulatorKey,
  asOfSettlementDay,
  reimburse,
  settle,
  type AccumulatorKey,
  type Bill,
  type SettlementBreakdown,
  type SettlementContext,
} from '../../domain/settlement';
import { canonicalPersonId } from '../../models/personAlias';
import type { AppContext } from '../context';
import { checkRegisteredLevel, checkSettlingInstitution, registeredInstitution } from '../../domain/registry';
import { filingFinder, type FilingChoice } from './settlementFilings';
import { coveringRegions } from '../../domain/regions';
import type { Hospital } from '../../domain/policy/hospitals';
import { registryOf } from './hospitals';
import { todayFor } from './filings';

export type SettlementKind = 'DIRECT' | 'REIMBURSEMENT';

export interface PolicyChoice {
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

export interface Computation {
  kind: SettlementKind;
  bill: Bill;
  policy: PolicyChoice;
  filing: FilingChoice | null;
  ownFault?: boolean;
  /** S-5, X-1: the annual accumulator, keyed by the person's canonical number (totals survive a renumbering). */
  accumulator: AccumulatorKey;
}

export function compute(c: Computation, accumulator: SettlementContext['accumulator']): SettlementBreakdown {
  const context: SettlementContext = { filing: c.filing?.facts ?? null, accumulator };
  return c.kind === 'DIRECT'
    ? settle(c.policy.version, c.bill, context)
    : reimburse(c.policy.version, c.bill, context, { ownFault: c.ownFault ?? false });
}

/**
 * H-2, H-3: the institution as the registry has it. A direct settlement needs a networked
 * institution active today; a manual reimbursement (the person paid because direct settlement
 * did not happen) needs a registered one. Either way the level on the bill is the registered one.
 */
async function checkInstitution(ctx: AppContext, kind: SettlementKind, bill: Bill): Promise<Hospital> {
  const registry = registryOf(ctx);
  const hospital = registeredInstitution(bill, registry.hospital(bill.hospitalId));
  if (kind === 'DIRECT') {
    checkSettlingInstitution(bill, hospital, await registry.statusOn(hospital.id, await todayFor(ctx)), ctx.policies.regionMap());
  } else checkRegisteredLevel(bill, hospital);
  return hospital;
}

/** Everything but the accumulator: rule errors (no filing, unknown region, ...) surface here, before any write. */
export async function checkedComputation(ctx: AppContext, c: Omit<Computation, 'policy' | 'filing' | 'accumulator'>): Promise<Computation> {
  const policy = insuredRegionPolicy(ctx, c.bill);
  const hospital = await checkInstitution(ctx, c.kind, c.bill);
  const [found, person, today] = await Promise.all([
    filingFinder(ctx.db).find(c.bill, coveringRegions(ctx.policies.regionMap(), hospital.region)),
    canonicalPersonId(ctx.db, c.bill.personId),
    todayFor(ctx),
  ]);
  const facts = asOfSettlementDay(found?.facts ?? null, today);
  const filing = found && facts ? { facts, status: facts.status } : null;
  const computation: Computation = { ...c, policy, filing, accumulator: accumulatorKey({ ...c.bill, personId: person }) };
  compute(computation, { deductibleUsedFen: 0, fundPaidFen: 0 });
  return computation;
}
