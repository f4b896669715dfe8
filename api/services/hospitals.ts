// Registry use cases (H-1): anyone authenticated reads the registry; the treatment-region
// agency of an institution's region (or an admin) suspends and reinstates it.
import { DomainError } from '../../domain/errors';
import { isWithinRegion } from '../../domain/policy/hospitals';
import type { InstitutionStatus } from '../../domain/registry';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { todayFor } from './filings';
import { institutionRegistry, type InstitutionView } from './registry';

export function registryOf(ctx: AppContext) {
  return institutionRegistry(ctx.db, ctx.policies.hospitals());
}

export async function listHospitals(ctx: AppContext, region?: string): Promise<{ items: InstitutionView[]; total: number }> {
  const registry = registryOf(ctx);
  const today = await todayFor(ctx);
  const items = await Promise.all(registry.inRegion(region).map((h) => registry.view(h, today)));
  return { items, total: items.length };
}

export async function loadHospital(ctx: AppContext, id: string): Promise<InstitutionView> {
  const registry = registryOf(ctx);
  return registry.view(registry.require(id), await todayFor(ctx));
}

export async function changeStatus(
  ctx: AppContext,
  principal: Principal,
  id: string,
  to: InstitutionStatus,
  body: { reason: string; effectiveDate: string },
): Promise<InstitutionView> {
  const registry = registryOf(ctx);
  const hospital = registry.require(id);
  if (
    principal.role !== 'ADMIN' &&
    !(principal.role === 'TREATMENT_AGENCY' && principal.region && isWithinRegion(principal.region, hospital.region))
  ) {
    throw new DomainError('HOSPITAL_NOT_IN_YOUR_REGION', { hospitalId: id, hospitalRegion: hospital.region, yourRegion: principal.region });
  }
  // E-2: stamped with the engine's clock (the simulated one in simulation mode), like every other audit event.
  return registry.record(principal, hospital, { to, ...body, today: await todayFor(ctx), nowMs: await ctx.clock.nowMs() });
}
