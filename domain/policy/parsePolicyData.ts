// Policy data checked against its schema, every problem listed for whoever edited the JSON.
import type { z } from 'zod';
import { DomainError } from '../errors/types';

/** One issue of a policy file, as the clerk or admin should read it. */
export interface PolicyIssue {
  path: string;
  message: string;
}

/**
 * Validates policy data with any schema; on failure throws DomainError POLICY_DATA_INVALID whose
 * details list every problem as "path: message" (e.g. "validity.LONG_TERM.RESIDENT.months:
 * expected number"), so whoever edited the JSON sees exactly what to fix.
 */
export function parsePolicyData<S extends z.ZodType>(schema: S, json: unknown, source: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues: PolicyIssue[] = parsed.error.issues.map((i) => ({
    path: i.path.length ? i.path.map(String).join('.') : '(root)',
    message: i.message,
  }));
  throw new DomainError('POLICY_DATA_INVALID', {
    source,
    issues,
    summary: `${source}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
  });
}
