// The events a case hands over with each view: written to the audit trail (E-2) first, and the
// failures among them counted for the day's error report (M-2). Both writes are keyed by the
// event's id, so a retried or replayed activity writes each once.
import type mongoose from 'mongoose';
import { recordAuditEvent, type AuditEvent } from '../models/auditEvent';
import { recordCaseFailure } from '../models/errorTally';
import { caseFailuresIn } from '../domain/monitoring/caseFailures';

/** An audit record as a workflow hands it over (its time as an ISO string). */
export type HandedAuditEvent = Omit<AuditEvent, 'at'> & { at: string };

export async function recordCaseEvents(
  db: mongoose.Connection,
  audit: readonly HandedAuditEvent[],
  regions: readonly string[],
): Promise<void> {
  for (const event of audit) await recordAuditEvent(db, { ...event, at: new Date(event.at) });
  const at = new Map(audit.map((e) => [e.eventId, new Date(e.at)]));
  for (const failure of caseFailuresIn(audit, regions)) await recordCaseFailure(db, failure, at.get(failure.failureId)!);
}
