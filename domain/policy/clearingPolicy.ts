// A region's advance-fund, clearing and monitoring parameters as data (P-1..P-5, M-1; section 9),
// from policies/<region>/clearing.json. A region without the file gets the section 9 defaults, so
// adding a region needs no clearing file unless its figures differ.
import { z } from 'zod';
import { PercentSchema } from './settlementPolicyFile';

const Day = z.number().int().min(1, 'must be a day of the month 1-28').max(28, 'must be at most 28 (every month has it)');
const Fen = z.number().int('must be whole fen (an integer)').positive('must be more than 0');
const DaysBefore = z
  .array(z.number().int().min(1).max(27))
  .max(5)
  .refine((d) => new Set(d).size === d.length, { message: 'days must not repeat' });

export const ClearingPolicySchema = z.strictObject({
  /** P-2: the clearing of a month starts on this day of the next month (Asia/Shanghai, 00:00). */
  startDay: Day,
  /** P-2, P-3: payment is due by this day of the month after the period. */
  dueDay: Day,
  /** P-3: reminders this many days before the due day. */
  reminderDaysBefore: DaysBefore,
  /** P-3: after the due day the province hears again every this many days until paid. */
  escalationRepeatDays: z.number().int().min(1).max(90),
});

export const AdvancePolicySchema = z.strictObject({
  /** P-1: yearly advance quota per pair unless the insured region's clerk sets another. */
  defaultQuotaFen: Fen,
  /** P-5 alert lines (percent of the balance used by uncleared settlements). */
  yellowPercent: PercentSchema,
  redPercent: PercentSchema,
  /** P-5: the emergency top-up request is due this many days after the red crossing. */
  topUpDeadlineDays: z.number().int().min(1).max(90),
  topUpReminderDaysBefore: DaysBefore,
});

export const MonitoringPolicySchema = z.strictObject({
  /** M-1: average cost per visit growing more than this (month over month or year over year) warns. */
  avgCostGrowthPercent: z.number().min(0).max(1000),
  /** M-1: a deduction rate under this share (percent) of the local rate warns. */
  deductionRateFactorPercent: PercentSchema,
  /** M-1: the region's own audit deduction rate (本地就医平均审核扣款率). */
  localDeductionRatePercent: PercentSchema,
});

export const ClearingPolicyFileSchema = z
  .strictObject({
    clearing: ClearingPolicySchema,
    advance: AdvancePolicySchema,
    monitoring: MonitoringPolicySchema,
  })
  .refine((p) => p.clearing.startDay < p.clearing.dueDay, { message: 'startDay must come before dueDay', path: ['clearing', 'dueDay'] })
  .refine((p) => p.clearing.reminderDaysBefore.every((d) => d < p.clearing.dueDay - p.clearing.startDay + 1), {
    message: 'reminders must fall on or after the start day',
    path: ['clearing', 'reminderDaysBefore'],
  })
  .refine((p) => p.advance.yellowPercent < p.advance.redPercent, { message: 'yellowPercent must be below redPercent', path: ['advance'] });

export type ClearingPolicyFile = z.infer<typeof ClearingPolicyFileSchema>;
export type ClearingTerms = z.infer<typeof ClearingPolicySchema>;
export type AdvanceTerms = z.infer<typeof AdvancePolicySchema>;
export type MonitoringTerms = z.infer<typeof MonitoringPolicySchema>;

/** Section 9 defaults (both seed regions): start on the 5th, due on the 20th, reminders 3 and 1 days before. */
export const DEFAULT_CLEARING_POLICY: ClearingPolicyFile = {
  clearing: { startDay: 5, dueDay: 20, reminderDaysBefore: [3, 1], escalationRepeatDays: 7 },
  advance: { defaultQuotaFen: 500_000_000, yellowPercent: 70, redPercent: 90, topUpDeadlineDays: 10, topUpReminderDaysBefore: [3, 1] },
  monitoring: { avgCostGrowthPercent: 20, deductionRateFactorPercent: 50, localDeductionRatePercent: 2 },
};

/** Parses clearing.json (null: the file is absent, defaults apply); a bad file names the field. */
export function parseClearingPolicy(raw: unknown | null, source = 'clearing.json'): ClearingPolicyFile {
  if (raw === null) return DEFAULT_CLEARING_POLICY;
  const parsed = ClearingPolicyFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new Error(`${source}: ${problems}`);
}
