// Links are never dangling (API.md "Links between cases"): a response that names a recovery names
// one the same caller can GET. A case decides to start its recovery (I-5, F-7) a moment before the
// recovery's workflow has stored its read model, and not every caller who reads the case may read
// recoveries; so the read side names a `recoveryId` only once the recovery's view exists and the
// caller may read it, and otherwise shows the case as it stood before (no id in the field or in
// the timeline's event data).
import type mongoose from 'mongoose';
import { recoveryViewModel } from '../../models/recoveryView';
import type { Principal } from '../http/apiKeys';
import { canRead } from './access';

/** Roles the GET /api/v1/recoveries/:id route admits (api/routes/recoveries.ts). */
export const RECOVERY_READERS = ['INSURED_CLERK', 'TREATMENT_AGENCY', 'ADMIN'] as const;

/** Of `ids`, those whose recovery the caller can GET now. */
export async function readableRecoveryIds(db: mongoose.Connection, principal: Principal, ids: Array<string | null>): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length || !(RECOVERY_READERS as readonly string[]).includes(principal.role)) return new Set();
  const rows = await recoveryViewModel(db)
    .find({ _id: { $in: wanted } }, { insuredRegion: 1, treatmentRegion: 1 })
    .lean();
  return new Set(rows.filter((row) => canRead(principal, row)).map((row) => String(row._id)));
}

interface Linking {
  recoveryId: string | null;
  events: Array<{ data?: Record<string, unknown> }>;
}

/** The document as this caller may see it: `recoveryId` kept only when it is readable. */
export function withReadableRecovery<T extends Linking>(doc: T, readable: ReadonlySet<string>): T {
  const id = doc.recoveryId;
  if (!id || readable.has(id)) return doc;
  return {
    ...doc,
    recoveryId: null,
    events: doc.events.map((e) => {
      if (e.data?.recoveryId !== id) return e;
      const { recoveryId: _hidden, ...data } = e.data;
      return { ...e, data };
    }),
  };
}

/** One case: the document with its recovery link checked for this caller. */
export async function linkRecovery<T extends Linking>(db: mongoose.Connection, principal: Principal, doc: T): Promise<T> {
  if (!doc.recoveryId) return doc;
  return withReadableRecovery(doc, await readableRecoveryIds(db, principal, [doc.recoveryId]));
}

/** A page of cases: one lookup for all their recovery links. */
export async function linkRecoveries<T extends Linking>(db: mongoose.Connection, principal: Principal, docs: T[]): Promise<T[]> {
  const readable = await readableRecoveryIds(
    db,
    principal,
    docs.map((d) => d.recoveryId),
  );
  return docs.map((d) => withReadableRecovery(d, readable));
}
