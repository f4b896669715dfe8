// A region's filing policy as data (policies/<region>/filing.json). Everything DOMAIN.md marks
// "per region policy" in section 2 lives here, so 440800 and 220000 run the same code with
// their own rules, and an agency edits JSON, not TypeScript. The file's shape and parser are in
// filingPolicyFile.ts (zod stays out of the modules workflow code loads).
import { DomainError } from '../errors/types';
import { LONG_TERM_SUBTYPES, type FilingType, type LongTermSubtype } from '../filing/types';
import type { FilingPolicy, ValidityRule } from './filingPolicyFile';

export type { FilingPolicy, ValidityRule } from './filingPolicyFile';

/** F-2: the validity rule for a type (and LONG_TERM subtype). */
export function validityRuleFor(policy: FilingPolicy, type: FilingType, subtype?: LongTermSubtype | null): ValidityRule {
  if (type === 'LONG_TERM') {
    if (!subtype) throw new DomainError('FILING_SUBTYPE_REQUIRED', { type, allowed: [...LONG_TERM_SUBTYPES] });
    return policy.validity.LONG_TERM[subtype];
  }
  return policy.validity[type];
}
