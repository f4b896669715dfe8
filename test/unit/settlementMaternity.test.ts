// Seed 003 part four (four): in-province off-site maternity (省内异地生育) settles directly as its
// own visit type with its own policy rows (illustrative figures in policies/220000), so a region
// switches it on or off as data; outside the province, or where the policy has no rows, it is refused.
import { settle, type Bill } from '../../domain/settlement';
import { policyVersionOn } from '../../domain/policy/settlementPolicy';
import { loadTestPolicies } from '../support/policies';

const jilin = policyVersionOn(loadTestPolicies().forRegion('220000').settlement, '2026-06-01');
const zhanjiang = policyVersionOn(loadTestPolicies().forRegion('440800').settlement, '2026-06-01');

const bill = (over: Partial<Bill> = {}): Bill => ({
  personId: '22020219900101001X',
  scheme: 'EMPLOYEE',
  personCategory: 'IN_SERVICE',
  insuredRegion: '220000',
  treatmentRegion: '220100',
  hospitalId: 'H220100001',
  hospitalLevel: 3,
  visitType: 'MATERNITY',
  admissionDate: '2026-06-01',
  lines: [{ code: 'M1', name: '分娩费', class: 'A', amountFen: 600_000 }],
  ...over,
});
const filing = {
  id: 'FIL-M',
  type: 'OTHER_TEMPORARY' as const,
  status: 'ACTIVE' as const,
  validFrom: '2026-05-01',
  validUntil: '2026-10-31',
};
const context = { filing, accumulator: { deductibleUsedFen: 0, fundPaidFen: 0 } };

describe('maternity direct settlement (seed 003 part four (four))', () => {
  it('S-2: a 220000 employee giving birth in 220100 settles under the maternity rows (90%, 20 points off the temporary filing)', () => {
    const r = settle({ ...jilin, region: '220000' }, bill(), context);
    // No deductible; 90 - 20 = 70; 600,000 x 70% = 420,000.
    expect(r).toMatchObject({ deductibleFen: 0, basePercent: 90, ratioPercent: 70, fundFen: 420_000 });
  });

  it.each([
    ['another province (110000)', bill({ treatmentRegion: '110000', hospitalId: 'H110000001' }), 'SETTLEMENT_MATERNITY_IN_PROVINCE_ONLY'],
    ['the resident scheme (no maternity rows)', bill({ scheme: 'RESIDENT' }), 'SETTLEMENT_VISIT_TYPE_NOT_OFFERED'],
  ])('S-1: maternity in %s is refused', (_label, b, code) => {
    expect(() => settle({ ...jilin, region: '220000' }, b, context)).toThrow(expect.objectContaining({ code }));
  });

  it('S-1: a region whose policy has no maternity rows (440800) does not settle it directly', () => {
    const b = bill({ insuredRegion: '440800', treatmentRegion: '440100', hospitalId: 'H440100001' });
    expect(() => settle({ ...zhanjiang, region: '440800' }, b, context)).toThrow(
      expect.objectContaining({ code: 'SETTLEMENT_VISIT_TYPE_NOT_OFFERED' }),
    );
  });
});
