// Hospital registry (policies/hospitals.json): the facts rules need about designated hospitals —
// level (S-3 base ratio), networked for direct settlement (F-4), referral rights for
// re-referral (F-10) and 440800's designated referring hospitals (S-3, DOMAIN.md section 9).
import { isWithinRegion } from '../regions';
import type { Hospital, HospitalRegistry } from './hospitalsFile';

export { isWithinRegion };
export type { Hospital, HospitalRegistry } from './hospitalsFile';

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
