// The hospital registry file's shape (policies/hospitals.json) and its parser: the zod side of
// hospitals.ts, kept apart from the rules so that workflow code never loads zod.
import { z } from 'zod';
import { regionCodeSchema } from '../schemas';
import { parsePolicyData } from './parsePolicyData';

export const hospitalSchema = z
  .strictObject({
    id: z.string().regex(/^H\d{9}$/, 'must be H + 6-digit region code + 3-digit number, e.g. H440800001'),
    name: z.string().min(1),
    region: regionCodeSchema,
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    /** Connected to the national platform for direct settlement (F-4). */
    networked: z.boolean(),
    /** May issue a re-referral itself (F-10 具有转诊权的定点医疗机构). */
    referralRights: z.boolean(),
    /** Designated referring hospital of its own region (S-3: 440800 referral reduction 0). */
    designatedReferrer: z.boolean(),
  })
  .refine((h) => h.id.slice(1, 7) === h.region, {
    message: 'id must embed the hospital region code (H<region><nnn>)',
    path: ['id'],
  });

export type Hospital = z.infer<typeof hospitalSchema>;

export const hospitalRegistrySchema = z
  .strictObject({
    notes: z.array(z.string()).optional(),
    hospitals: z.array(hospitalSchema),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.hospitals.forEach((h, i) => {
      if (seen.has(h.id)) ctx.addIssue({ code: 'custom', path: ['hospitals', i, 'id'], message: `${h.id} is listed twice` });
      seen.add(h.id);
    });
  });

export type HospitalRegistry = z.infer<typeof hospitalRegistrySchema>;

export function parseHospitalRegistry(json: unknown, source = 'hospital registry'): HospitalRegistry {
  return parsePolicyData(hospitalRegistrySchema, json, source);
}
