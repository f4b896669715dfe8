import zhanjiangJson from '../../policies/440800/filing.json';
import jilinJson from '../../policies/220000/filing.json';
import hospitalsJson from '../../policies/hospitals.json';
import { filingErrors } from '../../domain/errors/filing';
import { DomainError } from '../../domain/errors/types';
import { validityRuleFor } from '../../domain/policy/filingPolicy';
import { findHospital, isDesignatedReferrer, isWithinRegion } from '../../domain/policy/hospitals';
import { parseFilingPolicy } from '../../domain/policy/filingPolicyFile';
import { parseHospitalRegistry } from '../../domain/policy/hospitalsFile';

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('POLICY_DATA_INVALID');
    return (e as DomainError).details.issues as { path: string; message: string }[];
  }
  throw new Error('expected POLICY_DATA_INVALID');
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('shipped filing policies parse (F-2, F-5, F-6, F-7, F-8, F-11)', () => {
  const zhanjiang = parseFilingPolicy(zhanjiangJson, 'policies/440800/filing.json');
  const jilin = parseFilingPolicy(jilinJson, 'policies/220000/filing.json');

  it('440800 (seed 000): open-ended LONG_TERM, no commitment bar, 6-month change lock', () => {
    expect(zhanjiang.region).toBe('440800');
    expect(validityRuleFor(zhanjiang, 'LONG_TERM', 'RESIDENT')).toEqual({ rule: 'OPEN_ENDED' });
    expect(zhanjiang.commitment.barAfterLapse).toBe(false);
    expect(zhanjiang.commitment.benefitsBothRegionsOnlyAfterProof).toBe(true);
    expect(zhanjiang.retroactive.maxBackdateDays).toBeNull();
    expect(zhanjiang.change.minMonthsInForceForLongTerm).toBe(6);
  });

  it('220000 (seed 003): proof-end-or-12-months, commitment bar, 30-day back-dating', () => {
    expect(jilin.region).toBe('220000');
    expect(validityRuleFor(jilin, 'LONG_TERM', 'RESETTLED')).toEqual({ rule: 'OPEN_ENDED' });
    expect(validityRuleFor(jilin, 'LONG_TERM', 'WORKING')).toEqual({ rule: 'PROOF_END_OR_MONTHS', months: 12 });
    expect(jilin.commitment.barAfterLapse).toBe(true);
    expect(jilin.retroactive).toEqual({ maxBackdateDays: 30, requireResidenceBeforeAdmission: true });
    expect(jilin.change.minMonthsInForceForLongTerm).toBeNull();
  });

  it.each([zhanjiang, jilin])('F-6/F-8/F-11 shared rules hold for $region', (p) => {
    expect(p.commitment.allowedTypes).not.toContain('OTHER_TEMPORARY');
    expect(p.commitment.periodMonths).toBe(6);
    expect(p.change.selfServiceOnlineCancelAllowed).toBe(false);
    expect(p.change.commitmentBlocksChange).toBe(true);
    expect(p.supersession).toBe('SUPERSEDE_PREVIOUS');
    expect(p.subtypeSchemes.WORKING).toEqual(['EMPLOYEE']);
  });

  it('validityRuleFor LONG_TERM without subtype is FILING_SUBTYPE_REQUIRED', () => {
    expect(() => validityRuleFor(zhanjiang, 'LONG_TERM')).toThrow(expect.objectContaining({ code: 'FILING_SUBTYPE_REQUIRED' }));
  });
});

describe('a broken filing policy gives readable error paths', () => {
  it.each([
    [
      'months written as text',
      (p: any) => (p.validity.LONG_TERM.RESIDENT.months = 'twelve'),
      'validity.LONG_TERM.RESIDENT.months',
      /number/,
    ],
    [
      'F-6: commitment allowed for OTHER_TEMPORARY',
      (p: any) => p.commitment.allowedTypes.push('OTHER_TEMPORARY'),
      'commitment.allowedTypes.2',
      /F-6/,
    ],
    ['F-3: commitment allowed for EMERGENCY', (p: any) => p.commitment.allowedTypes.push('EMERGENCY'), 'commitment.allowedTypes.2', /F-3/],
    ['unknown validity rule', (p: any) => (p.validity.REFERRAL = { rule: 'FOREVER' }), 'validity.REFERRAL.rule', /.+/],
    [
      'temporary type open-ended',
      (p: any) => (p.validity.OTHER_TEMPORARY = { rule: 'OPEN_ENDED' }),
      'validity.OTHER_TEMPORARY.rule',
      /F-2/,
    ],
    ['missing change block', (p: any) => delete p.change, 'change', /.+/],
    ['typo in a key', (p: any) => (p.retroactive.maxBackdateDay = 30), 'retroactive', /maxBackdateDay/],
    ['bad region code', (p: any) => (p.region = '2200'), 'region', /6-digit/],
    ['impossible effective date', (p: any) => (p.effectiveFrom = '2025-02-29'), 'effectiveFrom', /real calendar date/],
  ])('%s', (_label, mutate, path, message) => {
    const broken = clone(jilinJson);
    mutate(broken);
    const issues = issuesOf(() => parseFilingPolicy(broken, 'policies/220000/filing.json'));
    expect(issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(issues.find((i) => i.path === path)!.message).toMatch(message);
  });

  it('the summary names the file and every path', () => {
    const broken = clone(zhanjiangJson) as any;
    broken.commitment.periodMonths = 0;
    broken.supersession = 'KEEP_BOTH';
    try {
      parseFilingPolicy(broken, 'policies/440800/filing.json');
      throw new Error('should have thrown');
    } catch (e) {
      const summary = (e as DomainError).details.summary as string;
      expect(summary).toMatch(/^policies\/440800\/filing\.json: /);
      expect(summary).toContain('commitment.periodMonths');
      expect(summary).toContain('supersession');
    }
  });

  it('E-1: POLICY_DATA_INVALID is in the catalogue with zh and en text', () => {
    expect(filingErrors.POLICY_DATA_INVALID.status).toBe(400);
    expect(filingErrors.POLICY_DATA_INVALID.zh).toMatch(/details\.issues/);
  });
});

describe('hospital registry (S-3 designated referrers, F-10 referral rights)', () => {
  const registry = parseHospitalRegistry(hospitalsJson, 'policies/hospitals.json');

  it('S-3: lists the nine 440800 designated referring hospitals of DOMAIN.md section 9', () => {
    const designated = registry.hospitals.filter((h) => h.designatedReferrer).map((h) => h.id);
    expect(designated).toEqual([
      'H440800001',
      'H440800002',
      'H440800003',
      'H440800004',
      'H440800005',
      'H440800006',
      'H440800007',
      'H440800008',
      'H440800009',
    ]);
    expect(findHospital(registry, 'H440800001')!.name).toBe('广东医科大学附属医院');
    expect(findHospital(registry, 'H440800009')!.name).toBe('徐闻县人民医院');
  });

  it.each([
    ['440800', 'H440800005', true],
    ['440800', 'H440800010', false], // in 440800 but not designated
    ['220000', 'H440800001', false], // designated by 440800, not by 220000
    ['440800', 'H999999999', false], // unknown
  ])('S-3: isDesignatedReferrer(%s, %s) = %s', (region, id, expected) => {
    expect(isDesignatedReferrer(registry, region, id)).toBe(expected);
  });

  it('F-10: treatment-region hospitals with and without referral rights exist', () => {
    expect(findHospital(registry, 'H110000001')).toMatchObject({ level: 3, referralRights: true, networked: true });
    expect(findHospital(registry, 'H110000002')).toMatchObject({ level: 2, referralRights: false });
    expect(findHospital(registry, 'H310000001')).toMatchObject({ region: '310000', level: 3 });
    expect(findHospital(registry, 'H220100001')).toMatchObject({ region: '220100' });
    expect(findHospital(registry, 'H000000000')).toBeUndefined();
  });

  it.each([
    ['220000', '220100', true], // province contains its capital
    ['220000', '220102', true],
    ['220100', '220102', true],
    ['220100', '220200', false],
    ['110000', '110105', true],
    ['110000', '310000', false],
    ['440800', '440800', true],
    ['440802', '440800', false],
  ])('isWithinRegion(%s, %s) = %s', (outer, inner, expected) => {
    expect(isWithinRegion(outer, inner)).toBe(expected);
  });

  it.each([
    [
      'id region differs from region',
      { id: 'H110000009', name: 'x', region: '310000', level: 3, networked: true, referralRights: true, designatedReferrer: false },
      'hospitals.0.id',
    ],
    [
      'level 4',
      { id: 'H110000009', name: 'x', region: '110000', level: 4, networked: true, referralRights: true, designatedReferrer: false },
      'hospitals.0.level',
    ],
  ])('a broken registry entry (%s) is reported at its path', (_label, entry, path) => {
    const issues = issuesOf(() => parseHospitalRegistry({ hospitals: [entry] }));
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it('duplicate hospital ids are reported', () => {
    const h = registry.hospitals[0];
    const issues = issuesOf(() => parseHospitalRegistry({ hospitals: [h, h] }));
    expect(issues).toEqual([{ path: 'hospitals.1.id', message: `${h.id} is listed twice` }]);
  });
});
