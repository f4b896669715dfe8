import zhanjiang from '../../policies/440800/settlement.json';
import jilin from '../../policies/220000/settlement.json';
import { policyVersionOn, resolveVisitRule, type SettlementPolicy } from '../../domain/policy/settlementPolicy';
import { parseSettlementPolicy } from '../../domain/policy/settlementPolicyFile';
import { defaultSettlementPolicies } from '../../domain/settlement';
import { DomainError, lookupError } from '../../domain/errors';
import { domainErrorOf } from './settlementFixtures';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('settlement policy data (DOMAIN.md section 9)', () => {
  // [region, scheme, visit, level, deductible fen, base ratio, retired bonus, annual cap fen]
  // written straight from the section 9 table: yuan x 100.
  it.each([
    ['440800', 'EMPLOYEE', 'INPATIENT', 1, 30000, 90, 5, 60000000],
    ['440800', 'EMPLOYEE', 'INPATIENT', 2, 60000, 85, 5, 60000000],
    ['440800', 'EMPLOYEE', 'INPATIENT', 3, 100000, 80, 5, 60000000],
    ['440800', 'RESIDENT', 'INPATIENT', 1, 20000, 85, 0, 30000000],
    ['440800', 'RESIDENT', 'INPATIENT', 2, 50000, 75, 0, 30000000],
    ['440800', 'RESIDENT', 'INPATIENT', 3, 80000, 60, 0, 30000000],
    ['440800', 'EMPLOYEE', 'OUTPATIENT', 1, 10000, 60, 0, 300000],
    ['440800', 'EMPLOYEE', 'OUTPATIENT', 3, 10000, 60, 0, 300000],
    ['440800', 'RESIDENT', 'OUTPATIENT', 2, 0, 50, 0, 100000],
    ['440800', 'EMPLOYEE', 'CHRONIC', 2, 0, 85, 5, 2000000],
    ['440800', 'RESIDENT', 'CHRONIC', 3, 0, 60, 0, 2000000],
    ['220000', 'EMPLOYEE', 'INPATIENT', 1, 20000, 92, 3, 40000000],
    ['220000', 'EMPLOYEE', 'INPATIENT', 2, 40000, 88, 3, 40000000],
    ['220000', 'EMPLOYEE', 'INPATIENT', 3, 60000, 85, 3, 40000000],
    ['220000', 'RESIDENT', 'INPATIENT', 1, 15000, 85, 0, 25000000],
    ['220000', 'RESIDENT', 'INPATIENT', 2, 30000, 75, 0, 25000000],
    ['220000', 'RESIDENT', 'INPATIENT', 3, 50000, 65, 0, 25000000],
    ['220000', 'EMPLOYEE', 'OUTPATIENT', 2, 0, 50, 0, 200000],
    ['220000', 'RESIDENT', 'OUTPATIENT', 1, 0, 50, 0, 80000],
    ['220000', 'EMPLOYEE', 'CHRONIC', 1, 0, 92, 3, 1500000],
    ['220000', 'RESIDENT', 'CHRONIC', 2, 0, 75, 0, 1500000],
  ] as const)(
    'section 9: %s %s %s level %d -> deductible %d fen, ratio %d, retired +%d, cap %d fen',
    (region, scheme, visit, level, ded, ratio, bonus, cap) => {
      const v = policyVersionOn(defaultSettlementPolicies[region], '2025-09-01');
      expect(resolveVisitRule(v, scheme, visit, level)).toMatchObject({
        deductibleFen: ded,
        baseRatioPercent: ratio,
        retiredBonusPoints: bonus,
        annualCapFen: cap,
      });
    },
  );

  it.each([
    ['INPATIENT', 'PER_STAY'],
    ['OUTPATIENT', 'PER_YEAR'],
    ['CHRONIC', 'NONE'],
  ] as const)('section 9: %s deductible basis is %s', (visit, basis) => {
    for (const region of ['440800', '220000']) {
      const v = policyVersionOn(defaultSettlementPolicies[region], '2025-09-01');
      expect(resolveVisitRule(v, 'EMPLOYEE', visit, 2).deductibleBasis).toBe(basis);
    }
  });

  it('section 9: CHRONIC borrows the INPATIENT ratio (SAME_AS_INPATIENT)', () => {
    const v = policyVersionOn(defaultSettlementPolicies['440800'], '2025-09-01');
    expect(resolveVisitRule(v, 'EMPLOYEE', 'CHRONIC', 1).ratioFrom).toBe('INPATIENT');
    expect(resolveVisitRule(v, 'EMPLOYEE', 'OUTPATIENT', 1).ratioFrom).toBe('OUTPATIENT');
  });

  it.each([
    ['440800', 10, null, 9],
    ['220000', 10, 10, 0],
  ] as const)('S-3/S-4/I-1: %s reductions, own-fault points, designated referrers', (region, referral, ownFault, designated) => {
    const v = policyVersionOn(defaultSettlementPolicies[region], '2025-09-01');
    expect(v.reductions).toEqual({ LONG_TERM: 0, REFERRAL: referral, EMERGENCY: 10, OTHER_TEMPORARY: 20 });
    expect(v.ownFaultManualReductionPoints).toBe(ownFault);
    expect(v.designatedReferrers.hospitalIds).toHaveLength(designated);
    expect(v.designatedReferrers.reductionPoints).toBe(0);
    expect(v.inquiry).toEqual({ expenseInquiryThresholdFen: 3000000, comparison: 'GREATER_THAN', visitTypes: ['INPATIENT'] });
    expect(v.issueCollaboration).toEqual({ answerWorkingDays: 10, reminderWorkingDaysBefore: 2 });
    expect(v.recovery).toEqual({ debtorDeadlineDays: 30 });
  });

  it('S-3: 440800 designated referrers are H440800001..H440800009', () => {
    const v = policyVersionOn(defaultSettlementPolicies['440800'], '2025-09-01');
    expect(v.designatedReferrers.hospitalIds).toEqual(Array.from({ length: 9 }, (_, i) => `H44080000${i + 1}`));
  });
});

describe('policyVersionOn: the admission date picks the version', () => {
  const twoVersions = (): SettlementPolicy => {
    const p = parseSettlementPolicy(clone(jilin));
    const v1 = { ...clone(p.versions[0]), version: 'old', effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31' };
    v1.schemes.EMPLOYEE.INPATIENT.annualCapFen = 1;
    const v2 = { ...clone(p.versions[0]), version: 'new', effectiveFrom: '2025-02-01' };
    return parseSettlementPolicy({ ...p, versions: [v2, v1] });
  };

  it.each([
    ['2024-01-01', 'old'],
    ['2024-12-31', 'old'],
    ['2025-02-01', 'new'],
    ['2030-06-30', 'new'],
  ])('T-1 (inclusive dates): %s -> version %s', (date, version) => {
    const v = policyVersionOn(twoVersions(), date);
    expect(v.version).toBe(version);
    expect(v.region).toBe('220000');
  });

  it.each([['2023-12-31'], ['2025-01-15']])('%s falls outside every version -> SETTLEMENT_POLICY_NOT_IN_EFFECT (POLICY 422)', (date) => {
    const err = domainErrorOf(() => policyVersionOn(twoVersions(), date));
    expect(err.code).toBe('SETTLEMENT_POLICY_NOT_IN_EFFECT');
    expect(err.details).toMatchObject({ region: '220000', date });
    expect([lookupError(err.code).category, lookupError(err.code).status]).toEqual(['POLICY', 422]);
  });

  it('the shipped 440800 policy is in force from the notice date 2023-02-03', () => {
    expect(policyVersionOn(parseSettlementPolicy(zhanjiang), '2023-02-03').version).toBe('2023-1');
    expect(domainErrorOf(() => policyVersionOn(parseSettlementPolicy(zhanjiang), '2023-02-02')).code).toBe(
      'SETTLEMENT_POLICY_NOT_IN_EFFECT',
    );
  });
});

describe('parseSettlementPolicy: readable errors for an agency editing the file', () => {
  type Mutate = (p: any) => void;
  it.each<[string, Mutate, RegExp]>([
    [
      'ratio above 100',
      (p) => {
        p.versions[0].schemes.EMPLOYEE.INPATIENT.baseRatioPercent['1'] = 101;
      },
      /versions\.0\.schemes\.EMPLOYEE\.INPATIENT\.baseRatioPercent/,
    ],
    [
      'deductible in yuan with decimals',
      (p) => {
        p.versions[0].schemes.RESIDENT.INPATIENT.deductibleFen['2'] = 500.5;
      },
      /deductibleFen\.2: must be whole fen/,
    ],
    [
      'negative cap',
      (p) => {
        p.versions[0].schemes.RESIDENT.OUTPATIENT.annualCapFen = -1;
      },
      /annualCapFen: must not be negative/,
    ],
    [
      'missing reduction',
      (p) => {
        delete p.versions[0].reductions.EMERGENCY;
      },
      /reductions\.EMERGENCY/,
    ],
    [
      'INPATIENT referring to itself',
      (p) => {
        p.versions[0].schemes.EMPLOYEE.INPATIENT.baseRatioPercent = 'SAME_AS_INPATIENT';
      },
      /INPATIENT/,
    ],
    [
      'NONE basis with a deductible',
      (p) => {
        p.versions[0].schemes.EMPLOYEE.CHRONIC.deductibleFen['1'] = 100;
      },
      /deductibleBasis NONE needs deductibleFen 0/,
    ],
    [
      'bad date',
      (p) => {
        p.versions[0].effectiveFrom = '2025-02-30';
      },
      /effectiveFrom: must be a real date/,
    ],
    [
      'end before start',
      (p) => {
        p.versions[0].effectiveTo = '2020-01-01';
      },
      /effectiveTo must not be before effectiveFrom/,
    ],
    [
      'overlapping versions',
      (p) => {
        p.versions.push({ ...p.versions[0], version: 'x', effectiveFrom: '2026-01-01' });
      },
      /overlap/,
    ],
    [
      'duplicate version ids',
      (p) => {
        p.versions[0].effectiveTo = '2025-12-31';
        p.versions.push({ ...p.versions[0], effectiveFrom: '2026-01-01', effectiveTo: undefined });
      },
      /appears twice/,
    ],
    [
      'unknown field (typo)',
      (p) => {
        p.versions[0].reductons = {};
      },
      /reductons|Unrecognized/,
    ],
    [
      'region not 6 digits',
      (p) => {
        p.region = '2200';
      },
      /region: must be a 6-digit/,
    ],
    [
      'ratio with three decimals',
      (p) => {
        p.versions[0].schemes.EMPLOYEE.OUTPATIENT.baseRatioPercent['1'] = 50.125;
      },
      /at most two decimals/,
    ],
  ])('%s -> SETTLEMENT_POLICY_INVALID naming the path', (_n, mutate, pattern) => {
    const json = clone(jilin);
    mutate(json);
    const err = domainErrorOf(() => parseSettlementPolicy(json));
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('SETTLEMENT_POLICY_INVALID');
    expect(err.message).toMatch(pattern);
    expect((err.details.problems as string[]).length).toBeGreaterThan(0);
  });

  it('the shipped files parse without problems', () => {
    expect(parseSettlementPolicy(zhanjiang).region).toBe('440800');
    expect(parseSettlementPolicy(jilin).region).toBe('220000');
  });
});
