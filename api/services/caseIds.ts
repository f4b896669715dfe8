// Case and update ids. With an Idempotency-Key the id is derived from it, so a retried POST
// reaches the same workflow (Temporal refuses a second workflow with one id) or the same update
// (Temporal answers a repeated update id with its first result) instead of acting twice. The
// caller and the operation are part of what is hashed: one key reused by another agency or on
// another operation can never land on this one's case or result.
import { createHash, randomUUID } from 'node:crypto';

function digest(material: string): string {
  return createHash('sha256').update(material).digest('base64url').replace(/[-_]/g, '').slice(0, 20).toUpperCase();
}

/**
 * `operation` names what the key was sent for when one prefix is started by several operations
 * (a filing by POST /filings and by a re-referral); omitted, the id is the one filings always had.
 */
export function caseId(prefix: string, agencyId: string, idempotencyKey?: string, operation?: string): string {
  const material = idempotencyKey ? [agencyId, idempotencyKey, ...(operation ? [operation] : [])].join('\u0000') : randomUUID();
  return `${prefix}-${digest(material)}`;
}

/** The Temporal update id for a keyed update: the caller, the operation and the key. */
export function updateIdFor(agencyId: string, operation: string, idempotencyKey: string | undefined): { updateId?: string } {
  return idempotencyKey ? { updateId: `${operation}-${digest([agencyId, operation, idempotencyKey].join('\u0000'))}` } : {};
}
