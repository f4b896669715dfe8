// F-7 at the counter: a pending commitment whose last day has passed has lapsed, even while the
// filing's view (or a process's memory of it) still says COMMITMENT_PENDING, so no fund money is
// paid on the untrue promise after its deadline.
import { asOfSettlementDay, settle, type FilingFacts } from '../../domain/settlement';
import { policyVersionOn } from '../../domain/policy/settlementPolicy';
import { loadTestPolicies } from '../support/policies';

const pending: FilingFacts = {
  id: 'FIL-P',
  type: 'LONG_TERM',
  status: 'COMMITMENT_PENDING',
  validFrom: '2026-01-10',
  validUntil: null,
  commitmentDeadline: '2026-07-09',
};

describe('F-7: a pending commitment as of the settlement day', () => {
  it.each([
    ['on its last day it still counts', '2026-07-09', 'COMMITMENT_PENDING'],
    ['the day after, it has lapsed', '2026-07-10', 'LAPSED'],
    ['long after, it has lapsed', '2027-01-01', 'LAPSED'],
  ])('F-7: %s', (_label, day, status) => {
    expect(asOfSettlementDay(pending, day)?.status).toBe(status);
  });

  it('F-7: other filings and no filing are left as they are', () => {
    const active: FilingFacts = { ...pending, status: 'ACTIVE', commitmentDeadline: null };
    expect(asOfSettlementDay(active, '2030-01-01')).toBe(active);
    expect(asOfSettlementDay(null, '2030-01-01')).toBeNull();
  });

  it('F-7: a bill under a commitment that lapsed a moment ago is refused, not settled from memory', () => {
    const policy = policyVersionOn(loadTestPolicies().forRegion('220000').settlement, '2026-07-01');
    const bill = {
      personId: '11010519491231002X',
      scheme: 'EMPLOYEE' as const,
      personCategory: 'IN_SERVICE' as const,
      insuredRegion: '220000',
      treatmentRegion: '110000',
      hospitalId: 'H110000001',
      hospitalLevel: 3 as const,
      visitType: 'INPATIENT' as const,
      admissionDate: '2026-07-01',
      lines: [{ code: 'A', name: '床位费', class: 'A' as const, amountFen: 100_000 }],
    };
    const context = (filing: FilingFacts | null) => ({ filing, accumulator: { deductibleUsedFen: 0, fundPaidFen: 0 } });
    expect(settle(policy, bill, context(asOfSettlementDay(pending, '2026-07-09'))).fundFen).toBeGreaterThan(0);
    expect(() => settle(policy, bill, context(asOfSettlementDay(pending, '2026-07-10')))).toThrow(
      expect.objectContaining({ code: 'SETTLEMENT_NO_VALID_FILING' }),
    );
  });
});
