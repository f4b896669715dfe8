// The settlement policy file's shape (policies/<region>/settlement.json) and its parser: the zod
// side of settlementPolicy.ts, kept apart from the rules so that workflow code, which loads every
// module it imports once per case, never loads zod.
import { z } from 'zod';
import { DomainError } from '../errors/types';
import { isIsoDate } from '../time';
import { SAME_AS_INPATIENT, VISIT_TYPES } from './settlementPolicy';

export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'must be a real date written YYYY-MM-DD' });

/** Integer fen, never negative (money is integer fen everywhere). */
const Fen = z.number().int('must be whole fen (an integer)').min(0, 'must not be negative');

/** Percent 0-100 with at most two decimals, so fen arithmetic stays exact (see money.ts). */
export const PercentSchema = z
  .number()
  .min(0, 'must be at least 0')
  .max(100, 'must be at most 100')
  .refine((p) => Number.isInteger(Math.round(p * 100)) && Math.abs(p * 100 - Math.round(p * 100)) < 1e-9, {
    message: 'may have at most two decimals',
  });

/** Percentage points (a reduction or bonus); same precision rule as PercentSchema. */
const Points = PercentSchema;

const PerLevel = <T extends z.ZodType>(value: T) => z.strictObject({ '1': value, '2': value, '3': value });

/**
 * One visit type's benefit rule. deductibleBasis: PER_STAY (inpatient, each stay pays its own
 * deductible), PER_YEAR (outpatient, one deductible per person, scheme, visit type and year,
 * tracked by the S-5 accumulator), NONE (chronic: no deductible; amounts must then be 0).
 */
const VisitRuleSchema = z
  .strictObject({
    deductibleBasis: z.enum(['PER_STAY', 'PER_YEAR', 'NONE']),
    deductibleFen: PerLevel(Fen),
    baseRatioPercent: z.union([PerLevel(PercentSchema), z.literal(SAME_AS_INPATIENT)]),
    retiredBonusPoints: z.union([Points, z.literal(SAME_AS_INPATIENT)]),
    annualCapFen: Fen,
  })
  .refine((r) => r.deductibleBasis !== 'NONE' || Object.values(r.deductibleFen).every((v) => v === 0), {
    message: 'deductibleBasis NONE needs deductibleFen 0 at every level',
    path: ['deductibleFen'],
  });

const SchemeRulesSchema = z
  .strictObject({
    INPATIENT: VisitRuleSchema,
    OUTPATIENT: VisitRuleSchema,
    CHRONIC: VisitRuleSchema,
    /** Present only where the region settles maternity directly (a region switches it on as data). */
    MATERNITY: VisitRuleSchema.optional(),
  })
  .refine((s) => s.INPATIENT.baseRatioPercent !== SAME_AS_INPATIENT && s.INPATIENT.retiredBonusPoints !== SAME_AS_INPATIENT, {
    message: 'INPATIENT cannot refer to itself (SAME_AS_INPATIENT)',
    path: ['INPATIENT'],
  });

const PolicyVersionSchema = z
  .strictObject({
    version: z.string().min(1),
    effectiveFrom: IsoDateSchema,
    /** Inclusive last day; absent = open-ended. */
    effectiveTo: IsoDateSchema.optional(),
    note: z.string().optional(),
    schemes: z.strictObject({ EMPLOYEE: SchemeRulesSchema, RESIDENT: SchemeRulesSchema }),
    /** S-3 reduction in percentage points by filing type. */
    reductions: z.strictObject({ LONG_TERM: Points, REFERRAL: Points, EMERGENCY: Points, OTHER_TEMPORARY: Points }),
    /** S-3 (440800 seed 000 part two (six)): referral from these hospitals uses this reduction instead. */
    designatedReferrers: z.strictObject({ reductionPoints: Points, hospitalIds: z.array(z.string().min(1)) }),
    /** S-4: further points off a manual reimbursement when the person caused the self-paid settlement; null = not applicable. */
    ownFaultManualReductionPoints: Points.nullable(),
    /**
     * Manual reimbursement of a stay with no valid filing (F-5: self-paid discharge, then claim at
     * the insured region). Points off like an unfiled temporary trip; null = not reimbursable
     * without a filing. Not in DOMAIN.md section 9: default 20, same as OTHER_TEMPORARY (seed 000
     * part one (five): non-emergency, non-referred temporary care loses 20 points).
     */
    unfiledManualReductionPoints: Points.nullable(),
    /** I-1: expense inquiry threshold and comparison. */
    inquiry: z.strictObject({
      expenseInquiryThresholdFen: Fen,
      comparison: z.enum(['GREATER_THAN', 'GREATER_OR_EQUAL']),
      visitTypes: z.array(z.enum(VISIT_TYPES)).min(1),
    }),
    /** I-4 issue collaboration deadlines in working days (T-3). */
    issueCollaboration: z.strictObject({
      answerWorkingDays: z.number().int().min(1),
      reminderWorkingDaysBefore: z.number().int().min(0),
    }),
    /** RC-3 debtor deadline in calendar days. */
    recovery: z.strictObject({ debtorDeadlineDays: z.number().int().min(1) }),
    /** Maternity direct settlement only inside the insured region's province (省内异地生育, seed 003). */
    maternityInProvinceOnly: z.boolean().default(true),
  })
  .refine((v) => v.effectiveTo === undefined || v.effectiveTo >= v.effectiveFrom, {
    message: 'effectiveTo must not be before effectiveFrom',
    path: ['effectiveTo'],
  });

export const SettlementPolicySchema = z
  .strictObject({
    region: z.string().regex(/^\d{6}$/, 'must be a 6-digit administrative region code'),
    name: z.string().min(1),
    note: z.string().optional(),
    versions: z.array(PolicyVersionSchema).min(1, 'needs at least one version'),
  })
  .superRefine((p, ctx) => {
    // Two versions in force on the same day would make settlement ambiguous.
    const sorted = [...p.versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      if (prev.effectiveTo === undefined || prev.effectiveTo >= sorted[i].effectiveFrom) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions'],
          message: `versions "${prev.version}" and "${sorted[i].version}" overlap; end the earlier one before the later starts`,
        });
      }
    }
    const ids = new Set<string>();
    for (const v of p.versions) {
      if (ids.has(v.version)) ctx.addIssue({ code: 'custom', path: ['versions'], message: `version "${v.version}" appears twice` });
      ids.add(v.version);
    }
  });

export type SettlementPolicy = z.infer<typeof SettlementPolicySchema>;
export type SettlementPolicyVersion = SettlementPolicy['versions'][number];
export type VisitRule = z.infer<typeof VisitRuleSchema>;

/**
 * Parse and check a policy file. Throws DomainError SETTLEMENT_POLICY_INVALID whose message
 * lists every problem as "path: what is wrong", so an agency editing the JSON can fix it.
 */
export function parseSettlementPolicy(json: unknown): SettlementPolicy {
  const result = SettlementPolicySchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  const region = typeof json === 'object' && json !== null ? (json as { region?: unknown }).region : undefined;
  const err = new DomainError('SETTLEMENT_POLICY_INVALID', { region, problems });
  err.message = `SETTLEMENT_POLICY_INVALID (region ${String(region)}):\n  ${problems.join('\n  ')}`;
  throw err;
}
