// Hospital registry (policies/hospitals.json): the facts rules need about designated hospitals —
// level (S-3 base ratio), networked for direct settlement (F-4), referral rights for
// re-referral (F-10) and 440800's designated referring hospitals (S-3, DOMAIN.md section 9).
import { z } from 'zod';
import { regionCodeSchema } from '../filing/types';
import { parsePolicyData } from './filingPolicy';
import { isWithinRegion } from '../regions';

export { isWithinRegion };

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

export function findHospital(registry: HospitalRegistry, id: string): Hospital | undefined {
  return registry.hospitals.find((h) => h.id === id);
}

/**
 * S-3: referral from one of the insured region's own designated referring hospitals
 * (440800 list in DOMAIN.md section 9) carries no reduction.
 */
export function isDesignatedReferrer(registry: HospitalRegistry, insuredRegion: string, hospitalId: string): boolean {
  const h = findHospital(registry, hospitalId);
  return !!h && h.designatedReferrer && isWithinRegion(insuredRegion, h.region);
}
