// E-2: the audit trail of one case, for those who may read the case (anyone else: 404, the case
// is not disclosed). The case kind is read from its id; each kind's own read rule decides access.
import { DomainError } from '../../domain/errors';
import { auditEventModel } from '../../models/auditEvent';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { loadClearing } from './clearings';
import { loadFiling } from './filings';
import { loadHospital } from './hospitals';
import { loadInquiry } from './inquiries';
import { loadRecovery } from './recoveries';
import { loadSettlement } from './settlements';
import { loadWarning } from './monitoring';
import { canRead } from './access';

type ReadCheck = (ctx: AppContext, principal: Principal, id: string) => Promise<unknown>;

/** By the id's form: the read rule of that kind of case. */
const READERS: Array<{ matches: RegExp; read: ReadCheck }> = [
  { matches: /^FIL-/, read: loadFiling },
  { matches: /^INQ-/, read: loadInquiry },
  { matches: /^REC-/, read: loadRecovery },
  { matches: /^(STL|RMB)-/, read: loadSettlement },
  { matches: /^CLR-/, read: loadClearing },
  { matches: /^WRN-/, read: loadWarning },
  // P-1, P-5: a pair's advance, read by its insured region's clerks and its treatment region's agency.
  { matches: /^ADV-\d{6}-\d{6}$/, read: async (_ctx, principal, id) => assertAdvanceReader(principal, id) },
  // H-1: the registry is read by anyone authenticated.
  { matches: /^H\d{9}$/, read: (ctx, _principal, id) => loadHospital(ctx, id) },
  // Key administration: administrators only.
  {
    matches: /^key:/,
    read: async (_ctx, principal, id) => {
      if (principal.role !== 'ADMIN') throw new DomainError('NOT_FOUND', { caseId: id });
    },
  },
];

/** The pair's regions by the shared rule (access.ts); a hospital reads no advance, as in GET /advances. */
function assertAdvanceReader(principal: Principal, id: string): void {
  const [, insuredRegion, treatmentRegion] = id.split('-');
  if (principal.role === 'HOSPITAL' || !canRead(principal, { insuredRegion, treatmentRegion })) {
    throw new DomainError('NOT_FOUND', { caseId: id });
  }
}

export async function caseAudit(ctx: AppContext, principal: Principal, caseId: string) {
  const reader = READERS.find((r) => r.matches.test(caseId));
  if (!reader) throw new DomainError('NOT_FOUND', { caseId });
  await reader.read(ctx, principal, caseId);
  const rows = await auditEventModel(ctx.db).find({ caseId }).sort({ at: 1, eventId: 1 }).lean();
  return {
    caseId,
    items: rows.map((r) => ({
      eventId: r.eventId,
      caseType: r.caseType,
      action: r.action,
      actor: r.actor,
      at: new Date(r.at).toISOString(),
      ...(r.before !== undefined ? { before: r.before } : {}),
      ...(r.after !== undefined ? { after: r.after } : {}),
      ...(r.details !== undefined ? { details: r.details } : {}),
    })),
  };
}
