// The filing policy file's shape (policies/<region>/filing.json) and its parser: the zod side of
// filingPolicy.ts, kept apart from the rules so that workflow code, which loads every module it
// imports once per case, never loads zod.
import { z } from 'zod';
import { isoDateSchema, regionCodeSchema } from '../schemas';
import { PROOF_KINDS, FILING_TYPES, SCHEMES } from '../filing/types';
import { parsePolicyData } from './parsePolicyData';

/**
 * F-2 validity rules:
 * - OPEN_ENDED: valid until changed, cancelled or insurance status changes (440800 LONG_TERM).
 * - MONTHS: `months` calendar months from the start (T-2).
 * - PROOF_END_OR_MONTHS: the end date printed on the proof, else `months` (220000 RESIDENT/WORKING).
 */
export const validityRuleSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('OPEN_ENDED') }),
  z.strictObject({ rule: z.literal('MONTHS'), months: z.number().int().min(1).max(120) }),
  z.strictObject({ rule: z.literal('PROOF_END_OR_MONTHS'), months: z.number().int().min(1).max(120) }),
]);
export type ValidityRule = z.infer<typeof validityRuleSchema>;

const schemeList = z.array(z.enum(SCHEMES)).min(1);

export const filingPolicySchema = z
  .strictObject({
    region: regionCodeSchema,
    regionName: z.string().min(1),
    effectiveFrom: isoDateSchema,
    source: z.string().optional(),
    notes: z.array(z.string()).optional(),
    /** F-2, per type; LONG_TERM per subtype. */
    validity: z.strictObject({
      LONG_TERM: z.strictObject({
        RESETTLED: validityRuleSchema,
        RESIDENT: validityRuleSchema,
        WORKING: validityRuleSchema,
      }),
      REFERRAL: validityRuleSchema,
      EMERGENCY: validityRuleSchema,
      OTHER_TEMPORARY: validityRuleSchema,
    }),
    /** F-1: which schemes may use each LONG_TERM subtype (WORKING: employees only). */
    subtypeSchemes: z.strictObject({
      RESETTLED: schemeList,
      RESIDENT: schemeList,
      WORKING: schemeList,
    }),
    /** F-1: the proof each LONG_TERM subtype accepts, so resettlement evidence is told apart from residence proof. */
    proofKinds: z.strictObject({
      RESETTLED: z.array(z.enum(PROOF_KINDS)).min(1),
      RESIDENT: z.array(z.enum(PROOF_KINDS)).min(1),
      WORKING: z.array(z.enum(PROOF_KINDS)).min(1),
    }),
    /**
     * F-3: EMERGENCY is deemed filed. acceptFiling = a clerk may still record an EMERGENCY
     * filing (then a temporary filing with validity.EMERGENCY); false = reject and point the
     * hospital to settle directly.
     */
    emergency: z.strictObject({ acceptFiling: z.boolean() }),
    /** F-6, F-7 承诺制. */
    commitment: z.strictObject({
      allowedTypes: z.array(z.enum(FILING_TYPES)),
      periodMonths: z.number().int().min(1).max(24),
      /** F-7 (220000): after a lapse the person may never use commitment filing again. */
      barAfterLapse: z.boolean(),
      /** F-6 (440800): 双向享受 only once the proof is supplied. */
      benefitsBothRegionsOnlyAfterProof: z.boolean(),
    }),
    /** F-5 补办. */
    retroactive: z.strictObject({
      /** Latest back-dating of the validity start, in days before the application date; null = no limit. */
      maxBackdateDays: z.number().int().min(0).nullable(),
      /** LONG_TERM proof must show residence (residentSince) on or before admission. */
      requireResidenceBeforeAdmission: z.boolean(),
    }),
    /** F-8 change and cancellation. */
    change: z.strictObject({
      /** LONG_TERM may be changed/cancelled only after this many months in force; null = any time. */
      minMonthsInForceForLongTerm: z.number().int().min(1).nullable(),
      /** Whether a person may cancel a self-service 自助备案 filing online. */
      selfServiceOnlineCancelAllowed: z.boolean(),
      /** F-6: no change of information while the commitment is pending. */
      commitmentBlocksChange: z.boolean(),
    }),
    /** F-11: a new live filing for the same person and treatment region either supersedes the old one or is refused. */
    supersession: z.enum(['SUPERSEDE_PREVIOUS', 'REJECT_NEW']),
    /** F-9: LONG_TERM filers keep benefits at the insured region too. */
    longTermBenefitsBothRegions: z.boolean(),
  })
  .superRefine((p, ctx) => {
    // F-6: OTHER_TEMPORARY is never eligible for commitment filing; F-3: nor is EMERGENCY (nothing to promise).
    p.commitment.allowedTypes.forEach((t, i) => {
      if (t === 'OTHER_TEMPORARY' || t === 'EMERGENCY') {
        ctx.addIssue({
          code: 'custom',
          path: ['commitment', 'allowedTypes', i],
          message: `${t} cannot use commitment filing (${t === 'EMERGENCY' ? 'F-3' : 'F-6'})`,
        });
      }
    });
    // Temporary types need a finite validity; open-ended makes sense only for LONG_TERM.
    for (const t of ['REFERRAL', 'EMERGENCY', 'OTHER_TEMPORARY'] as const) {
      if (p.validity[t].rule !== 'MONTHS') {
        ctx.addIssue({ code: 'custom', path: ['validity', t, 'rule'], message: `${t} validity must be MONTHS (F-2)` });
      }
    }
  });

export type FilingPolicy = z.infer<typeof filingPolicySchema>;

export function parseFilingPolicy(json: unknown, source = 'filing policy'): FilingPolicy {
  return parsePolicyData(filingPolicySchema, json, source);
}
