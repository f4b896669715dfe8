// Which filing (or emergency) a bill settles under, and the S-3 reduction it brings.
// F-4: the ADMISSION date decides: a filing valid when the person was admitted covers the whole
// stay even if it ends before discharge. F-3: an emergency is deemed filed.
import type { EffectiveSettlementPolicy } from '../policy/settlementPolicy';
import type { Bill } from './bill';
import type { FilingFacts, FilingStatus, ReductionReason, TraceStep } from './types';

/**
 * Statuses that may still cover an admission inside the validity window. A filing that later
 * expired, was superseded (F-11), cancelled, or ended with the person's insurance (F-12) still
 * covers stays admitted while it was valid (F-4). COMMITMENT_PENDING is a valid filing during its commitment period (F-6). LAPSED never
 * counts: the commitment was untrue and money paid under it is recovered (F-7).
 */
const COVERING_STATUSES: ReadonlySet<FilingStatus> = new Set([
  'ACTIVE',
  'COMMITMENT_PENDING',
  'EXPIRED',
  'SUPERSEDED',
  'CANCELLED',
  'ENDED',
]);

/**
 * F-7: a pending commitment whose last day has passed has lapsed, even before its case (or a
 * remembered view of it) says so: money paid under it now would be paid on an untrue promise.
 */
export function asOfSettlementDay(filing: FilingFacts | null, settlementDay: string): FilingFacts | null {
  if (!filing || filing.status !== 'COMMITMENT_PENDING' || !filing.commitmentDeadline) return filing;
  return settlementDay > filing.commitmentDeadline ? { ...filing, status: 'LAPSED' } : filing;
}

export type FilingProblem = 'NO_FILING' | 'LAPSED' | 'OTHER_TREATMENT_REGION' | 'NOT_VALID_ON_ADMISSION';

/** Why a filing does not cover this bill, or null when it does (F-4). */
export function filingProblem(filing: FilingFacts | null, bill: Bill): FilingProblem | null {
  if (!filing) return 'NO_FILING';
  if (!COVERING_STATUSES.has(filing.status)) return 'LAPSED';
  if (filing.treatmentRegion !== undefined && filing.treatmentRegion !== bill.treatmentRegion) return 'OTHER_TREATMENT_REGION';
  const started = filing.validFrom <= bill.admissionDate;
  // F-4: admitted while valid: not after its last valid day, nor on or after the day it ended.
  const notEnded =
    (filing.validUntil === null || bill.admissionDate <= filing.validUntil) && (!filing.endedOn || bill.admissionDate < filing.endedOn);
  return started && notEnded ? null : 'NOT_VALID_ON_ADMISSION';
}

export interface ReductionBasis {
  reason: ReductionReason;
  points: number;
  /** Set when the filing (not an emergency) is the basis. */
  filingId?: string;
  trace: TraceStep[];
}

function validityText(f: FilingFacts): string {
  return `${f.validFrom} to ${f.validUntil ?? 'open-ended'}`;
}

/** S-3 reduction a covering filing brings, including 440800's designated referrers. */
function filingReduction(policy: EffectiveSettlementPolicy, filing: FilingFacts, bill: Bill): ReductionBasis {
  const coverage: TraceStep = {
    rule: 'F-4',
    step: 'filing',
    detail:
      `filing ${filing.id} (${filing.type}, ${filing.status}) valid ${validityText(filing)} covers admission on ${bill.admissionDate}` +
      (bill.dischargeDate && filing.validUntil !== null && filing.validUntil < bill.dischargeDate
        ? `; it ended before discharge on ${bill.dischargeDate}, but the admission date decides`
        : ''),
  };
  if (filing.type === 'REFERRAL') {
    // H-3: the filing's referring hospital decides, never a referrer the bill names itself.
    const from = filing.referral?.fromHospital;
    if (from !== undefined && policy.designatedReferrers.hospitalIds.includes(from)) {
      const points = policy.designatedReferrers.reductionPoints;
      return {
        reason: 'REFERRAL_DESIGNATED_HOSPITAL',
        points,
        filingId: filing.id,
        trace: [
          coverage,
          {
            rule: 'S-3',
            step: 'reduction',
            valuePercent: points,
            detail: `referred by designated referring hospital ${from}: ${points} points off (paid like the same level at home)`,
          },
        ],
      };
    }
  }
  if (filing.type === 'EMERGENCY' && bill.emergency !== true) {
    // F-3: a recorded EMERGENCY filing covers emergency episodes only; any other stay under it
    // is an unreferred temporary one (seed 000 part two (five): 非急诊且未转诊).
    const points = policy.reductions.OTHER_TEMPORARY;
    return {
      reason: 'OTHER_TEMPORARY',
      points,
      filingId: filing.id,
      trace: [
        coverage,
        {
          rule: 'F-3',
          step: 'reduction',
          valuePercent: points,
          detail: `EMERGENCY filing, but this bill is not an emergency: taken as an unreferred temporary stay, ${points} points off`,
        },
      ],
    };
  }
  const points = policy.reductions[filing.type];
  return {
    reason: filing.type,
    points,
    filingId: filing.id,
    trace: [coverage, { rule: 'S-3', step: 'reduction', valuePercent: points, detail: `${filing.type} filing: ${points} points off` }],
  };
}

function emergencyReduction(policy: EffectiveSettlementPolicy): ReductionBasis {
  const points = policy.reductions.EMERGENCY;
  return {
    reason: 'EMERGENCY',
    points,
    trace: [
      { rule: 'F-3', step: 'filing', detail: 'emergency rescue: deemed filed for this episode' },
      { rule: 'S-3', step: 'reduction', valuePercent: points, detail: `emergency: ${points} points off` },
    ],
  };
}

/**
 * The basis for settling this bill, or the reason there is none. With both a covering filing
 * and an emergency, the smaller reduction is used: the emergency is deemed filed anyway (F-3),
 * so holding a filing must never leave the person worse off. A tie keeps the filing.
 */
export function reductionBasis(
  policy: EffectiveSettlementPolicy,
  bill: Bill,
  filing: FilingFacts | null,
): { basis: ReductionBasis } | { basis: null; problem: FilingProblem } {
  const problem = filingProblem(filing, bill);
  const fromFiling = problem === null && filing ? filingReduction(policy, filing, bill) : null;
  const fromEmergency = bill.emergency === true ? emergencyReduction(policy) : null;
  if (fromFiling && fromEmergency) {
    if (fromEmergency.points < fromFiling.points) {
      fromEmergency.trace.unshift({
        rule: 'F-3',
        step: 'filing-compared',
        detail: `filing ${fromFiling.filingId} would take ${fromFiling.points} points; the emergency takes fewer, so it is used`,
      });
      return { basis: fromEmergency };
    }
    return { basis: fromFiling };
  }
  if (fromFiling) return { basis: fromFiling };
  if (fromEmergency) return { basis: fromEmergency };
  return { basis: null, problem: problem ?? 'NO_FILING' };
}
