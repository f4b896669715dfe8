import path from 'node:path';
import { loadPolicyRegistry, type PolicyRegistry } from '../../policies/registry';

let registry: PolicyRegistry | undefined;

/** The shipped policy data (policies/), as the API loads it. */
export function loadTestPolicies(): PolicyRegistry {
  registry ??= loadPolicyRegistry(path.resolve(__dirname, '..', '..', 'policies'));
  return registry;
}
