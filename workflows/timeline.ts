// The timeline of a case (E-2: who did what, when), one for filings, inquiries and recoveries:
// events are numbered, stamped with workflow time (deterministic), keep the actor who caused each
// one, and are handed to the persistence activity as audit records exactly once each. A case that
// continues as new carries its timeline over (snapshot/restore) so nothing is audited twice.
import { formatShanghaiTimestamp } from '../domain/time';
import type { CaseEvent } from '../domain/caseEvent';

export interface CaseActor {
  agencyId: string;
  role: string;
  region?: string | null;
  /** E-2: the key that acted and the person who did, when known. */
  keyId?: string | null;
  userId?: string | null;
}

export type TimelineEvent = CaseEvent;

export const SYSTEM_ACTOR: CaseActor = { agencyId: 'system', role: 'SYSTEM', region: null };

export type CaseType = 'FILING' | 'INQUIRY' | 'RECOVERY' | 'CLEARING' | 'ADVANCE';

export interface AuditRecord {
  eventId: string;
  caseType: CaseType;
  caseId: string;
  action: string;
  actor: { agencyId: string; role: string; keyId?: string; userId?: string };
  at: string;
  details?: Record<string, unknown>;
}

/** What a continued-as-new run needs to go on with the same timeline. */
export interface TimelineSnapshot {
  events: TimelineEvent[];
  /** The actor of each event, same order (the event itself keeps only the agency id). */
  actors: CaseActor[];
  /** How many events were already handed to the audit log. */
  persisted: number;
}

export type Timeline = ReturnType<typeof createTimeline>;

export function createTimeline(caseType: CaseType, caseId: string, from?: TimelineSnapshot) {
  const events: TimelineEvent[] = from ? from.events.map((e) => ({ ...e })) : [];
  const actors: CaseActor[] = from ? from.actors.map((a) => ({ ...a })) : [];
  let persisted = from?.persisted ?? 0;
  return {
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
    /** Events not yet handed to the audit log, each with its own actor; marks them handed. */
    takeFresh(): AuditRecord[] {
      const fresh = events.slice(persisted).map((event, i) => {
        const actor = actors[persisted + i];
        return {
          eventId: `${caseId}:${event.seq}`,
          caseType,
          caseId,
          action: event.type,
          actor: {
            agencyId: actor.agencyId,
            role: actor.role,
            ...(actor.keyId ? { keyId: actor.keyId } : {}),
            ...(actor.userId ? { userId: actor.userId } : {}),
          },
          at: event.at,
          ...(event.data ? { details: event.data } : {}),
        };
      });
      persisted = events.length;
      return fresh;
    },
    /** The type of the newest event, for "record only what changed" checks. */
    last: (): TimelineEvent | undefined => events[events.length - 1],
    copy: (): TimelineEvent[] => events.map((e) => ({ ...e })),
    snapshot: (): TimelineSnapshot => ({ events: events.map((e) => ({ ...e })), actors: actors.map((a) => ({ ...a })), persisted }),
  };
}

/** When a case began and last changed, as its read model lists it (its first and newest event). */
export function timelineSpan(events: readonly TimelineEvent[], openedOn: string): { createdAt: string; updatedAt: string } {
  return { createdAt: events[0]?.at ?? openedOn, updatedAt: events[events.length - 1]?.at ?? openedOn };
}
