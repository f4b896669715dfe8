// E-2: who did what, when, with before/after. Written by activities and the API with a
// deterministic eventId, which is the _id, so a retried write is a refused insert and lands once.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { insertOnce } from './writes';

export interface AuditEvent {
  /** Equals eventId (set when stored). */
  _id?: string;
  /** Deterministic (case id + event seq); stored as the _id too. */
  eventId: string;
  caseType: 'FILING' | 'SETTLEMENT' | 'INQUIRY' | 'RECOVERY' | 'API_KEY' | 'HOSPITAL' | 'CLEARING' | 'ADVANCE' | 'WARNING';
  caseId: string;
  action: string;
  actor: { agencyId: string; role: string; keyId?: string | null; userId?: string | null };
  at: Date;
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

const auditSchema = new Schema<AuditEvent>(
  {
    _id: { type: String },
    eventId: { type: String, required: true },
    caseType: { type: String, required: true },
    caseId: { type: String, required: true, index: true },
    action: { type: String, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    before: { type: Schema.Types.Mixed },
    after: { type: Schema.Types.Mixed },
    details: { type: Schema.Types.Mixed },
  },
  { collection: 'audit_events', versionKey: false },
);

export function auditEventModel(connection: mongoose.Connection) {
  return modelOn<AuditEvent>(connection, 'AuditEvent', auditSchema);
}

/** Insert-once: a duplicate eventId means the write already happened. */
export async function recordAuditEvent(connection: mongoose.Connection, event: AuditEvent): Promise<void> {
  await insertOnce(auditEventModel(connection), { ...event, _id: event.eventId });
}
