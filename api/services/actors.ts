// E-2: who acted, as cases and the audit trail record it: the agency and role of the key, the
// key itself, and the person at the counter when the caller named one (X-User-Id).
import type { CaseActor } from '../../workflows/timeline';
import type { Principal } from '../http/apiKeys';

export function actorOf(principal: Principal): CaseActor {
  return {
    agencyId: principal.agencyId,
    role: principal.role,
    region: principal.region,
    ...(principal.keyId ? { keyId: principal.keyId } : {}),
    ...(principal.userId ? { userId: principal.userId } : {}),
  };
}

/** The actor as an audit record of the API itself keeps it (no region: the record names the case). */
export function auditActorOf(principal: Principal): { agencyId: string; role: string; keyId?: string; userId?: string } {
  return {
    agencyId: principal.agencyId,
    role: principal.role,
    ...(principal.keyId ? { keyId: principal.keyId } : {}),
    ...(principal.userId ? { userId: principal.userId } : {}),
  };
}
