// The shipped reference policies (DOMAIN.md section 9), bundled at build time (no file I/O,
// so workflows may use them too). An agency edits policies/<region>/settlement.json.
import zhanjiang from '../../policies/440800/settlement.json';
import jilin from '../../policies/220000/settlement.json';
import { parseSettlementPolicy } from '../policy/settlementPolicyFile';
import type { SettlementPolicies } from './registry';

/** Parsed and checked once; a broken file fails loudly at startup with every problem listed. */
export const defaultSettlementPolicies: SettlementPolicies = Object.freeze({
  '440800': parseSettlementPolicy(zhanjiang),
  '220000': parseSettlementPolicy(jilin),
});
