// The timeline of a case (E-2: who did what, when) shared by the inquiry and recovery
// workflows: events are numbered, stamped with workflow time (deterministic) and handed to the
// persistence activity as audit records exactly once each.
import { formatShanghaiTimestamp } from '../../domain/time';
import type { CaseEvent } from '../../domain/caseEvent';

export interface CaseActor {
  agencyId: string;
  role: string;
  region?: string | null;
}

export type TimelineEvent = CaseEvent;

export const SYSTEM_ACTOR: CaseActor = { agencyId: 'system', role: 'SYSTEM', region: null };

export interface AuditRecord {
  eventId: string;
  caseType: 'INQUIRY' | 'RECOVERY';
  caseId: string;
  action: string;
  actor: { agencyId: string; role: string };
  at: string;
  details?: Record<string, unknown>;
}

export function createTimeline(caseType: AuditRecord['caseType'], caseId: string) {
  const events: TimelineEvent[] = [];
  const actors: CaseActor[] = [];
  let persisted = 0;
  return {
    events,
    record(type: string, actor: CaseActor, data?: Record<string, unknown>, note?: string): void {
      events.push({
        seq: events.length + 1,
        at: formatShanghaiTimestamp(Date.now()),
        type,
        actor: actor.agencyId,
        ...(note ? { note } : {}),
        ...(data ? { data } : {}),
      });
      actors.push(actor);
    },
    /** Events not yet handed to the audit log; marks them handed. */
    takeFresh(): AuditRecord[] {
      const fresh = events.slice(persisted).map((event, i) => {
        const actor = actors[persisted + i];
        return {
          eventId: `${caseId}:${event.seq}`,
          caseType,
          caseId,
          action: event.type,
          actor: { agencyId: actor.agencyId, role: actor.role },
          at: event.at,
          ...(event.data ? { details: event.data } : {}),
        };
      });
      persisted = events.length;
      return fresh;
    },
    hasFresh: () => persisted < events.length,
    copy: (): TimelineEvent[] => events.map((e) => ({ ...e })),
  };
}
