import zhanjiangJson from '../../policies/440800/filing.json';
import jilinJson from '../../policies/220000/filing.json';
import { type FilingPolicy } from '../../domain/policy/filingPolicy';
import {
  createFilingState,
  expireFiling,
  isValidOn,
  nextDeadline,
  planFiling,
  type FilingApplication,
  type FilingState,
  type FilingType,
  type LongTermSubtype,
  type ProofInput,
} from '../../domain/filing';
import { deadlineInstantMs } from '../../domain/time';
import { parseFilingPolicy } from '../../domain/policy/filingPolicyFile';

const policies: Record<string, FilingPolicy> = {
  '440800': parseFilingPolicy(zhanjiangJson),
  '220000': parseFilingPolicy(jilinJson),
};

const PERSON = '440802199001010016';

function application(
  region: string,
  type: FilingType,
  subtype: LongTermSubtype | undefined,
  proof: ProofInput | undefined,
  startDate?: string,
): FilingApplication {
  return {
    personId: PERSON,
    scheme: 'EMPLOYEE',
    insuredRegion: region,
    treatmentRegion: '110000',
    type,
    ...(subtype ? { subtype } : {}),
    commitment: false,
    ...(proof ? { proof } : {}),
    ...(type === 'REFERRAL' ? { referral: { fromHospital: 'H440800001', certificateNo: 'ZZ-2026-001' } } : {}),
    ...(startDate ? { startDate } : {}),
  };
}

const HOUSEHOLD: ProofInput = { kind: 'HOUSEHOLD_REGISTRATION' };
const RESIDENCE_WITH_END: ProofInput = { kind: 'RESIDENCE_PROOF', validUntil: '2026-09-30' };
const RESIDENCE_NO_END: ProofInput = { kind: 'RESIDENCE_PROOF' };
const WORK_WITH_END: ProofInput = { kind: 'WORK_CERTIFICATE', validUntil: '2027-12-31' };

// F-2 for every type and subtype in both regions; application date 2026-01-15 (T-2 example).
describe('F-2 validity per region policy', () => {
  it.each([
    // region, type, subtype, proof, expected validUntil (null = open-ended)
    ['440800', 'LONG_TERM', 'RESETTLED', HOUSEHOLD, null],
    ['440800', 'LONG_TERM', 'RESIDENT', RESIDENCE_NO_END, null],
    ['440800', 'LONG_TERM', 'RESIDENT', RESIDENCE_WITH_END, null], // 440800 ignores the proof end
    ['440800', 'LONG_TERM', 'WORKING', WORK_WITH_END, null],
    ['440800', 'REFERRAL', undefined, undefined, '2026-07-14'],
    ['440800', 'EMERGENCY', undefined, undefined, '2026-07-14'],
    ['440800', 'OTHER_TEMPORARY', undefined, undefined, '2026-07-14'],
    ['220000', 'LONG_TERM', 'RESETTLED', HOUSEHOLD, null],
    ['220000', 'LONG_TERM', 'RESIDENT', RESIDENCE_WITH_END, '2026-09-30'], // end date on the proof
    ['220000', 'LONG_TERM', 'RESIDENT', RESIDENCE_NO_END, '2027-01-14'], // no end date: 1 year
    ['220000', 'LONG_TERM', 'WORKING', WORK_WITH_END, '2027-12-31'],
    ['220000', 'LONG_TERM', 'WORKING', { kind: 'STUDY_CERTIFICATE' }, '2027-01-14'],
    ['220000', 'REFERRAL', undefined, undefined, '2026-07-14'],
    ['220000', 'EMERGENCY', undefined, undefined, '2026-07-14'],
    ['220000', 'OTHER_TEMPORARY', undefined, undefined, '2026-07-14'],
  ] as const)('F-2 %s %s/%s -> valid through %s', (region, type, subtype, proof, expected) => {
    const plan = planFiling(policies[region], application(region, type, subtype, proof), {
      applicationDate: '2026-01-15',
      commitmentBarred: false,
    });
    expect(plan.status).toBe('ACTIVE');
    expect(plan.validFrom).toBe('2026-01-15');
    expect(plan.validUntil).toBe(expected);
    expect(plan.expiresAt).toBe(expected);
    expect(plan.commitmentDeadline).toBeNull();
    expect(plan.ruleRefs).toContain('F-2');
  });

  it.each([
    ['440800', '2026-08-31', '2027-02-27'],
    ['220000', '2026-08-31', '2027-02-27'],
    ['220000', '2027-08-31', '2028-02-28'],
  ])('F-2/T-2 %s temporary filing starting %s is valid through %s', (region, start, expected) => {
    const plan = planFiling(policies[region], application(region, 'OTHER_TEMPORARY', undefined, undefined), {
      applicationDate: start,
      commitmentBarred: false,
    });
    expect(plan.validUntil).toBe(expected);
  });

  it('F-2 220000: RESIDENT one-year fallback from a month end clamps (T-2)', () => {
    const plan = planFiling(policies['220000'], application('220000', 'LONG_TERM', 'RESIDENT', RESIDENCE_NO_END), {
      applicationDate: '2027-02-28',
      commitmentBarred: false,
    });
    expect(plan.validUntil).toBe('2028-02-27');
  });

  it.each([
    ['proof end before today', '2026-01-10'],
    ['proof end long gone', '2025-06-30'],
  ])('F-2 220000: %s is FILING_PROOF_EXPIRED', (_label, end) => {
    expect(() =>
      planFiling(policies['220000'], application('220000', 'LONG_TERM', 'RESIDENT', { kind: 'RESIDENCE_PROOF', validUntil: end }), {
        applicationDate: '2026-01-15',
        commitmentBarred: false,
      }),
    ).toThrow(expect.objectContaining({ code: 'FILING_PROOF_EXPIRED' }));
  });

  it('F-2 220000: a proof ending on the application day still carries a one-day filing', () => {
    const plan = planFiling(
      policies['220000'],
      application('220000', 'LONG_TERM', 'RESIDENT', { kind: 'RESIDENCE_PROOF', validUntil: '2026-01-15' }),
      { applicationDate: '2026-01-15', commitmentBarred: false },
    );
    expect(plan.validUntil).toBe('2026-01-15');
  });
});

function activeState(region: string, type: FilingType, subtype?: LongTermSubtype, proof?: ProofInput): FilingState {
  const app = application(region, type, subtype, proof);
  const plan = planFiling(policies[region], app, { applicationDate: '2026-01-15', commitmentBarred: false });
  return createFilingState({ id: 'F1', application: app, plan, applicationDate: '2026-01-15' });
}

describe('F-4 valid on the admission date', () => {
  const temp = activeState('440800', 'OTHER_TEMPORARY');
  const open = activeState('440800', 'LONG_TERM', 'RESETTLED', HOUSEHOLD);

  it.each([
    ['2026-01-14', false, 'day before the start'],
    ['2026-01-15', true, 'first day'],
    ['2026-07-14', true, 'last valid day (T-2)'],
    ['2026-07-15', false, 'day after'],
  ])('F-4: temporary filing valid on %s = %s (%s)', (date, expected) => {
    expect(isValidOn(temp, date)).toBe(expected);
  });

  it('F-4: an open-ended filing is valid on any later date', () => {
    expect(isValidOn(open, '2040-12-31')).toBe(true);
    expect(isValidOn(open, '2026-01-14')).toBe(false);
  });

  it('F-4: after expiry the filing still covers a stay admitted while it was valid', () => {
    const expired = expireFiling(temp);
    expect(expired.status).toBe('EXPIRED');
    expect(expired.endedOn).toBe('2026-07-15');
    // admitted 2026-07-10, discharged after expiry: admission date decides
    expect(isValidOn(expired, '2026-07-10')).toBe(true);
    expect(isValidOn(expired, '2026-07-15')).toBe(false);
  });

  it('F-2/T-4: the expiry timer fires at 00:00 Shanghai after the last valid day', () => {
    expect(nextDeadline(temp)).toEqual({
      action: 'EXPIRE',
      lastValidDate: '2026-07-14',
      firesAtMs: Date.parse('2026-07-15T00:00:00+08:00'),
    });
    expect(nextDeadline(temp)!.firesAtMs).toBe(deadlineInstantMs('2026-07-14'));
    expect(nextDeadline(open)).toBeNull();
    expect(nextDeadline(expireFiling(temp))).toBeNull();
  });

  it('F-2: an open-ended filing cannot be expired', () => {
    expect(() => expireFiling(open)).toThrow(expect.objectContaining({ code: 'FILING_NOT_ACTIVE' }));
  });
});
