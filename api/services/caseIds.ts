// Case ids. With an Idempotency-Key the id is derived from it, so a retried POST reaches the
// same workflow (Temporal refuses a second workflow with one id) instead of opening a twin.
import { createHash, randomUUID } from 'node:crypto';

export function caseId(prefix: string, agencyId: string, idempotencyKey?: string): string {
  const material = idempotencyKey ? `${agencyId}\u0000${idempotencyKey}` : randomUUID();
  const digest = createHash('sha256').update(material).digest('base64url').replace(/[-_]/g, '').slice(0, 20).toUpperCase();
  return `${prefix}-${digest}`;
}
