import zhanjiangJson from '../../policies/440800/filing.json';
import jilinJson from '../../policies/220000/filing.json';
import hospitalsJson from '../../policies/hospitals.json';
import { filingErrors } from '../../domain/errors/filing';
import { DomainError } from '../../domain/errors/types';
import { type FilingPolicy } from '../../domain/policy/filingPolicy';
import {
  applyChange,
  cancelFiling,
  checkCancel,
  checkChange,
  checkReReferral,
  createFilingState,
  isValidOn,
  lapseCommitment,
  nextDeadline,
  planFiling,
  planReReferral,
  resolveSupersession,
  checkProofKind,
  checkWorkingPerson,
  supersedes,
  supplyProof,
  type FilingApplication,
  type FilingState,
} from '../../domain/filing';
import { loadTestPolicies } from '../support/policies';

const REGIONS = loadTestPolicies().regionMap();
import { filingRequestSchema } from '../../api/schemas/filing';
import { parseFilingPolicy } from '../../domain/policy/filingPolicyFile';
import { parseHospitalRegistry } from '../../domain/policy/hospitalsFile';

const P440800 = parseFilingPolicy(zhanjiangJson);
const P220000 = parseFilingPolicy(jilinJson);
const policyOf = (region: string): FilingPolicy => (region === '440800' ? P440800 : P220000);
const hospitals = parseHospitalRegistry(hospitalsJson);

const PERSON = '440802199001010016';
const DAY = '2026-01-15';

function app(region: string, overrides: Partial<FilingApplication> = {}): FilingApplication {
  return {
    personId: PERSON,
    scheme: 'EMPLOYEE',
    insuredRegion: region,
    treatmentRegion: '110000',
    type: 'LONG_TERM',
    subtype: 'RESIDENT',
    commitment: false,
    proof: { kind: 'RESIDENCE_PROOF' },
    ...overrides,
  };
}

const plan = (
  region: string,
  overrides: Partial<FilingApplication> = {},
  ctx: Partial<{ applicationDate: string; commitmentBarred: boolean }> = {},
) => planFiling(policyOf(region), app(region, overrides), { applicationDate: DAY, commitmentBarred: false, ...ctx });

function stateOf(region: string, overrides: Partial<FilingApplication> = {}, applicationDate = DAY, id = 'F-A'): FilingState {
  const application = app(region, overrides);
  const p = planFiling(policyOf(region), application, { applicationDate, commitmentBarred: false });
  return createFilingState({ id, application, plan: p, applicationDate });
}

/** Runs fn and returns the DomainError code it threw (and checks the code is catalogued, E-1). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const code = (e as DomainError).code;
    expect(Object.keys(filingErrors)).toContain(code);
    return code;
  }
  throw new Error('expected a DomainError');
}

const REFERRAL = { fromHospital: 'H440800001', certificateNo: 'ZJ-2026-0001' };

describe('F-1 types, subtypes, schemes and materials', () => {
  it.each([
    ['440800', { subtype: undefined }, 'FILING_SUBTYPE_REQUIRED'],
    ['440800', { type: 'REFERRAL', subtype: 'RESIDENT', referral: REFERRAL }, 'FILING_SUBTYPE_NOT_APPLICABLE'],
    ['440800', { subtype: 'WORKING', scheme: 'RESIDENT' }, 'FILING_WORKING_EMPLOYEES_ONLY'],
    ['220000', { subtype: 'WORKING', scheme: 'RESIDENT' }, 'FILING_WORKING_EMPLOYEES_ONLY'],
    ['440800', { proof: undefined }, 'FILING_PROOF_REQUIRED'],
    ['220000', { subtype: 'RESETTLED', proof: { kind: '  ' } }, 'FILING_PROOF_REQUIRED'],
    ['440800', { type: 'REFERRAL', subtype: undefined, proof: undefined }, 'FILING_REFERRAL_CERTIFICATE_REQUIRED'],
    [
      '220000',
      { type: 'REFERRAL', subtype: undefined, referral: { fromHospital: 'H220100001', certificateNo: '' } },
      'FILING_REFERRAL_CERTIFICATE_REQUIRED',
    ],
    ['440800', { treatmentRegion: '440800' }, 'FILING_SAME_REGION'],
    ['440800', { insuredRegion: '220000' }, 'FILING_REGION_UNKNOWN'],
  ] as const)('F-1 %s %j is rejected with %s', (region, overrides, code) => {
    expect(codeOf(() => plan(region, overrides as Partial<FilingApplication>))).toBe(code);
  });

  it.each([
    ['440800', { subtype: 'WORKING', scheme: 'EMPLOYEE', proof: { kind: 'WORK_CERTIFICATE' } }],
    ['220000', { subtype: 'RESETTLED', scheme: 'RESIDENT', proof: { kind: 'HOUSEHOLD_REGISTRATION' } }],
    ['440800', { type: 'REFERRAL', subtype: undefined, proof: undefined, referral: REFERRAL }],
    ['220000', { type: 'OTHER_TEMPORARY', subtype: undefined, proof: undefined }],
  ] as const)('F-1 %s %j is accepted', (region, overrides) => {
    expect(plan(region, overrides as Partial<FilingApplication>).status).toBe('ACTIVE');
  });

  it('F-9: LONG_TERM filers get benefits in both regions, temporary filers do not', () => {
    expect(plan('440800').benefitsBothRegions).toBe(true);
    expect(plan('220000').benefitsBothRegions).toBe(true);
    expect(plan('440800', { type: 'OTHER_TEMPORARY', subtype: undefined }).benefitsBothRegions).toBe(false);
  });

  it('the served request schema (api/schemas/filing.ts) accepts the API.md filing request and rejects a bad person ID', () => {
    const body = { ...app('440800'), startDate: '2026-01-10', selfService: true };
    expect(filingRequestSchema.safeParse(body).success).toBe(true);
    const bad = filingRequestSchema.safeParse({ ...body, personId: '440802199001010017' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['personId']);
    expect(filingRequestSchema.safeParse({ ...body, startDate: '2026-02-30' }).success).toBe(false);
    // E-1: the served schema is strict, so a mistyped field is refused instead of silently dropped.
    expect(filingRequestSchema.safeParse({ ...body, selfservice: true }).success).toBe(false);
  });
});

describe('F-3 emergency is deemed filed', () => {
  it('F-3: a recorded EMERGENCY filing is a 6-month temporary filing', () => {
    const p = plan('440800', { type: 'EMERGENCY', subtype: undefined, proof: undefined });
    expect(p).toMatchObject({ status: 'ACTIVE', validUntil: '2026-07-14', benefitsBothRegions: false });
    expect(p.ruleRefs).toContain('F-3');
  });

  it.each(['440800', '220000'] as const)('F-3: EMERGENCY is never a commitment filing (%s)', (region) => {
    const code = codeOf(() => plan(region, { type: 'EMERGENCY', subtype: undefined, proof: undefined, commitment: true }));
    expect(code).toBe('FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE');
  });

  it('F-3: a region that does not record emergencies answers FILING_EMERGENCY_NEEDS_NO_FILING', () => {
    const policy = { ...P440800, emergency: { acceptFiling: false } };
    const code = codeOf(() =>
      planFiling(policy, app('440800', { type: 'EMERGENCY', subtype: undefined }), { applicationDate: DAY, commitmentBarred: false }),
    );
    expect(code).toBe('FILING_EMERGENCY_NEEDS_NO_FILING');
    expect(filingErrors.FILING_EMERGENCY_NEEDS_NO_FILING.en).toMatch(/deemed filed/);
  });
});

describe('F-5 retroactive filing 补办', () => {
  it.each([
    ['220000', '2025-12-16', true], // exactly 30 days back: allowed
    ['220000', '2025-12-15', false], // 31 days: too early
    ['440800', '2025-10-17', true], // 440800 sets no limit
  ])('F-5 %s start %s with application %s: allowed=%s', (region, startDate, ok) => {
    const overrides: Partial<FilingApplication> = {
      type: 'REFERRAL',
      subtype: undefined,
      proof: undefined,
      referral: REFERRAL,
      startDate,
    };
    if (ok) {
      const p = plan(region, overrides);
      expect(p.retroactive).toBe(true);
      expect(p.validFrom).toBe(startDate);
      expect(p.ruleRefs).toContain('F-5');
    } else {
      try {
        plan(region, overrides);
        throw new Error('should have thrown');
      } catch (e) {
        expect((e as DomainError).code).toBe('FILING_RETRO_TOO_EARLY');
        expect((e as DomainError).details).toMatchObject({ maxBackdateDays: 30, earliestStart: '2025-12-16' });
      }
    }
  });

  it.each([
    [{ kind: 'RESIDENCE_PROOF' }, 'FILING_RETRO_RESIDENCE_DATE_REQUIRED'],
    [{ kind: 'RESIDENCE_PROOF', residentSince: '2026-01-06' }, 'FILING_RETRO_RESIDENCE_AFTER_ADMISSION'],
  ])('F-5 220000: LONG_TERM proof %j for a back-dated stay gives %s', (proof, code) => {
    expect(codeOf(() => plan('220000', { proof, startDate: '2026-01-01', admissionDate: '2026-01-05' }))).toBe(code);
  });

  it('F-5 220000: residence proven before admission makes the stay eligible', () => {
    const p = plan('220000', {
      proof: { kind: 'RESIDENCE_PROOF', residentSince: '2025-06-01' },
      startDate: '2026-01-01',
      admissionDate: '2026-01-05',
    });
    expect(p).toMatchObject({ retroactive: true, validFrom: '2026-01-01', status: 'ACTIVE' });
  });

  it('F-5 220000: a back-dated REFERRAL needs no residence proof', () => {
    const p = plan('220000', {
      type: 'REFERRAL',
      subtype: undefined,
      proof: undefined,
      referral: REFERRAL,
      startDate: '2026-01-01',
      admissionDate: '2026-01-02',
    });
    expect(p.retroactive).toBe(true);
  });

  it('F-5 440800: naming an earlier admission back-dates the start to it (the stay becomes eligible)', () => {
    const p = plan('440800', { admissionDate: '2025-12-20' });
    expect(p).toMatchObject({ validFrom: '2025-12-20', retroactive: true });
  });

  it('F-5: an explicit start after the admission would leave the stay uncovered', () => {
    expect(codeOf(() => plan('440800', { startDate: '2026-01-10', admissionDate: '2026-01-05' }))).toBe('FILING_ADMISSION_BEFORE_VALIDITY');
  });

  it('F-5 440800: a start so early that the temporary validity is already over is refused', () => {
    expect(codeOf(() => plan('440800', { type: 'OTHER_TEMPORARY', subtype: undefined, startDate: '2025-01-01' }))).toBe(
      'FILING_RETRO_TOO_EARLY',
    );
  });

  it('F-5: a start on or after the application date is not retroactive', () => {
    expect(plan('440800').retroactive).toBe(false);
    expect(plan('440800', { startDate: '2026-02-01' })).toMatchObject({ retroactive: false, validFrom: '2026-02-01' });
  });
});

describe('F-6 commitment filing 承诺制', () => {
  const commit = { commitment: true, proof: undefined } as const;

  it('F-6 440800: pending, 6-month deadline (T-2), no 双向享受 before the proof', () => {
    const p = plan('440800', commit);
    expect(p).toMatchObject({
      status: 'COMMITMENT_PENDING',
      validFrom: DAY,
      validUntil: null,
      commitmentDeadline: '2026-07-14',
      benefitsBothRegions: false,
    });
    expect(p.ruleRefs).toContain('F-6');
  });

  it('F-6 220000: pending; validity falls back to one year until the proof says otherwise', () => {
    expect(plan('220000', commit)).toMatchObject({
      status: 'COMMITMENT_PENDING',
      validUntil: '2027-01-14',
      commitmentDeadline: '2026-07-14',
      benefitsBothRegions: true,
    });
  });

  it('F-6: the commitment period runs from a back-dated start', () => {
    // T-2: 2025-12-31 + 6 months clamps to 2026-06-30, so the last day is 2026-06-29.
    expect(plan('220000', { ...commit, startDate: '2025-12-31' }).commitmentDeadline).toBe('2026-06-29');
  });

  it.each([
    ['440800', { ...commit, type: 'OTHER_TEMPORARY', subtype: undefined }, false, 'FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE'],
    ['220000', { commitment: true, proof: { kind: 'RESIDENCE_PROOF' } }, false, 'FILING_COMMITMENT_NOT_NEEDED'],
    ['220000', commit, true, 'FILING_COMMITMENT_BARRED'],
  ] as const)('F-6/F-7 %s %j barred=%s -> %s', (region, overrides, barred, code) => {
    expect(codeOf(() => plan(region, overrides as Partial<FilingApplication>, { commitmentBarred: barred }))).toBe(code);
  });

  it('F-7: 440800 does not bar a person whose commitment once lapsed', () => {
    expect(plan('440800', commit, { commitmentBarred: true }).status).toBe('COMMITMENT_PENDING');
  });

  it('F-6 440800: proof on the deadline day turns it into a normal LONG_TERM filing with 双向享受', () => {
    const pending = stateOf('440800', commit);
    const active = supplyProof(P440800, pending, { kind: 'RESIDENCE_PROOF' }, '2026-07-14');
    expect(active).toMatchObject({
      status: 'ACTIVE',
      validUntil: null,
      commitmentDeadline: null,
      commitment: true,
      commitmentFulfilledOn: '2026-07-14',
      benefitsBothRegions: true,
      proof: { kind: 'RESIDENCE_PROOF' },
    });
    expect(nextDeadline(active)).toBeNull();
  });

  it('F-6 220000: validity is recomputed from the proof end date', () => {
    const pending = stateOf('220000', commit);
    const active = supplyProof(P220000, pending, { kind: 'RESIDENCE_PROOF', validUntil: '2027-03-31' }, '2026-03-01');
    expect(active.validUntil).toBe('2027-03-31');
    expect(active.validFrom).toBe(DAY);
  });

  it('F-6: a REFERRAL commitment is completed by the referral certificate', () => {
    const pending = stateOf('440800', { ...commit, type: 'REFERRAL', subtype: undefined });
    expect(pending.status).toBe('COMMITMENT_PENDING');
    expect(codeOf(() => supplyProof(P440800, pending, undefined, '2026-02-01'))).toBe('FILING_REFERRAL_CERTIFICATE_REQUIRED');
    const active = supplyProof(P440800, pending, undefined, '2026-02-01', REFERRAL);
    expect(active).toMatchObject({ status: 'ACTIVE', validUntil: '2026-07-14', referral: REFERRAL, benefitsBothRegions: false });
  });

  it.each([
    ['after the deadline', (s: FilingState) => s, '2026-07-15', 'FILING_COMMITMENT_LAPSED'],
    ['once lapsed', (s: FilingState) => lapseCommitment(P440800, s).state, '2026-07-20', 'FILING_COMMITMENT_LAPSED'],
    ['on a cancelled filing', (s: FilingState) => cancelFiling(s, '2026-02-01'), '2026-02-02', 'FILING_NOT_ACTIVE'],
    [
      'already active',
      (s: FilingState) => supplyProof(P440800, s, { kind: 'RESIDENCE_PROOF' }, '2026-02-01'),
      '2026-02-02',
      'FILING_NOT_COMMITMENT_PENDING',
    ],
  ])('F-6: supplying proof %s is refused', (_label, prepare, today, code) => {
    const s = prepare(stateOf('440800', commit));
    expect(codeOf(() => supplyProof(P440800, s, { kind: 'RESIDENCE_PROOF' }, today))).toBe(code);
  });

  it('F-6: LONG_TERM proof must actually be supplied', () => {
    expect(codeOf(() => supplyProof(P440800, stateOf('440800', commit), undefined, '2026-02-01'))).toBe('FILING_PROOF_REQUIRED');
  });

  it('F-5/F-6 220000: a back-dated commitment filing must prove residence before admission when the proof arrives', () => {
    const pending = stateOf('220000', { ...commit, startDate: '2026-01-01', admissionDate: '2026-01-03' });
    expect(codeOf(() => supplyProof(P220000, pending, { kind: 'RESIDENCE_PROOF', residentSince: '2026-01-10' }, '2026-02-01'))).toBe(
      'FILING_RETRO_RESIDENCE_AFTER_ADMISSION',
    );
    expect(supplyProof(P220000, pending, { kind: 'RESIDENCE_PROOF', residentSince: '2025-05-01' }, '2026-02-01').status).toBe('ACTIVE');
  });

  it('F-6: information cannot be changed during the commitment period', () => {
    expect(codeOf(() => checkChange(P220000, stateOf('220000', commit), '2026-02-01'))).toBe('FILING_CHANGE_DURING_COMMITMENT');
  });
});

describe('F-7 commitment lapse', () => {
  it.each([
    ['220000', true],
    ['440800', false],
  ])('F-7 %s: the filing lapses the day after the deadline; barPerson=%s', (region, bar) => {
    const pending = stateOf(region, { commitment: true, proof: undefined });
    const outcome = lapseCommitment(policyOf(region), pending);
    expect(outcome.state).toMatchObject({ status: 'LAPSED', endedOn: '2026-07-15', commitmentDeadline: '2026-07-14' });
    expect(outcome.barPerson).toBe(bar);
    expect(outcome.recoverFundsPaidUnderCommitment).toBe(true);
    expect(outcome.ruleRefs).toEqual(['F-7']);
    // F-4: stays admitted during the period were covered; F-8: its timers end.
    expect(isValidOn(outcome.state, '2026-07-14')).toBe(true);
    expect(isValidOn(outcome.state, '2026-07-15')).toBe(false);
    expect(nextDeadline(outcome.state)).toBeNull();
  });

  it('F-7/T-4: the pending filing waits on a lapse timer at 00:00 Shanghai after the deadline', () => {
    expect(nextDeadline(stateOf('440800', { commitment: true, proof: undefined }))).toEqual({
      action: 'LAPSE_COMMITMENT',
      lastValidDate: '2026-07-14',
      firesAtMs: Date.parse('2026-07-15T00:00:00+08:00'),
    });
  });

  it('F-7: when the deadline and the validity end coincide (REFERRAL), the lapse wins', () => {
    const pending = stateOf('220000', { commitment: true, type: 'REFERRAL', subtype: undefined, proof: undefined });
    expect(pending.validUntil).toBe(pending.commitmentDeadline);
    expect(nextDeadline(pending)!.action).toBe('LAPSE_COMMITMENT');
  });

  it('F-7: only a pending commitment can lapse', () => {
    expect(codeOf(() => lapseCommitment(P220000, stateOf('220000')))).toBe('FILING_NOT_COMMITMENT_PENDING');
  });
});

describe('F-8 change and cancellation', () => {
  const longTerm440800 = stateOf('440800');

  it.each([
    ['2026-03-01', false],
    ['2026-07-14', false], // 6 months in force only at the end of this day (T-2)
    ['2026-07-15', true],
  ])('F-8 440800: LONG_TERM from 2026-01-15 may change/cancel on %s: %s', (today, ok) => {
    if (ok) {
      expect(checkChange(P440800, longTerm440800, today).ruleRefs).toEqual(['F-8']);
      expect(checkCancel(P440800, longTerm440800, { requestedOnlineByPerson: false }, today).ruleRefs).toEqual(['F-8']);
    } else {
      try {
        checkChange(P440800, longTerm440800, today);
        throw new Error('should have thrown');
      } catch (e) {
        expect((e as DomainError).code).toBe('FILING_CHANGE_TOO_EARLY');
        expect((e as DomainError).details.earliestDate).toBe('2026-07-15');
      }
      expect(codeOf(() => checkCancel(P440800, longTerm440800, { requestedOnlineByPerson: false }, today))).toBe('FILING_CANCEL_TOO_EARLY');
    }
  });

  it('F-8: no minimum for 220000 LONG_TERM or for 440800 temporary filings', () => {
    expect(() => checkChange(P220000, stateOf('220000'), '2026-01-16')).not.toThrow();
    expect(() =>
      checkCancel(
        P440800,
        stateOf('440800', { type: 'OTHER_TEMPORARY', subtype: undefined }),
        { requestedOnlineByPerson: true },
        '2026-01-16',
      ),
    ).not.toThrow();
  });

  it.each([
    [true, true, 'FILING_SELF_SERVICE_ONLINE_CANCEL'],
    [true, false, null], // self-service filing cancelled at the counter
    [false, true, null], // normal filing cancelled online by the person
  ])('F-8: selfService=%s requestedOnline=%s -> %s', (selfService, online, code) => {
    const s = stateOf('220000', { selfService });
    if (code) expect(codeOf(() => checkCancel(P220000, s, { requestedOnlineByPerson: online }, '2026-02-01'))).toBe(code);
    else expect(checkCancel(P220000, s, { requestedOnlineByPerson: online }, '2026-02-01').ruleRefs).toEqual(['F-8']);
  });

  it('F-8: a cancelled filing ends its timers and accepts no further change', () => {
    const temp = stateOf('220000', { type: 'OTHER_TEMPORARY', subtype: undefined });
    expect(nextDeadline(temp)).not.toBeNull();
    const cancelled = cancelFiling(temp, '2026-03-01');
    expect(cancelled).toMatchObject({ status: 'CANCELLED', endedOn: '2026-03-01' });
    expect(nextDeadline(cancelled)).toBeNull();
    expect(isValidOn(cancelled, '2026-02-28')).toBe(true);
    expect(isValidOn(cancelled, '2026-03-01')).toBe(false);
    expect(codeOf(() => checkChange(P220000, cancelled, '2026-03-02'))).toBe('FILING_NOT_ACTIVE');
    expect(codeOf(() => checkCancel(P220000, cancelled, { requestedOnlineByPerson: false }, '2026-03-02'))).toBe('FILING_NOT_ACTIVE');
    expect(codeOf(() => cancelFiling(cancelled, '2026-03-02'))).toBe('FILING_NOT_ACTIVE');
  });

  it('F-8/F-2: applyChange recomputes validity from the new proof and keeps the start', () => {
    const s = stateOf('220000', { proof: { kind: 'RESIDENCE_PROOF', validUntil: '2026-06-30' } });
    const changed = applyChange(P220000, s, { proof: { kind: 'RESIDENCE_PROOF', validUntil: '2027-06-30' } }, '2026-03-01');
    expect(changed).toMatchObject({ validFrom: DAY, validUntil: '2027-06-30', proof: { validUntil: '2027-06-30' } });
    const moved = applyChange(P220000, s, { treatmentRegion: '310000' }, '2026-03-01');
    expect(moved).toMatchObject({ treatmentRegion: '310000', validUntil: '2026-06-30' });
  });

  it.each([
    [{}, 'FILING_CHANGE_EMPTY'],
    [{ treatmentRegion: '220000' }, 'FILING_SAME_REGION'],
    [{ subtype: 'WORKING' }, 'FILING_WORKING_EMPLOYEES_ONLY'],
  ] as const)('F-8/F-1: change %j is refused with %s', (change, code) => {
    const s = stateOf('220000', { scheme: 'RESIDENT' });
    expect(codeOf(() => applyChange(P220000, s, change, '2026-03-01'))).toBe(code);
  });
});

describe('F-10 re-referral 再转诊', () => {
  const longTerm = stateOf('440800', { treatmentRegion: '110000' }, '2025-06-01', 'LT-1');
  const referral = stateOf(
    '220000',
    {
      type: 'REFERRAL',
      subtype: undefined,
      proof: { kind: 'MEDICAL_RECORD' },
      referral: { fromHospital: 'H220100001', certificateNo: 'JL-9' },
    },
    DAY,
    'RF-1',
  );
  const today = '2026-03-01';

  it('F-10: a hospital with referral rights re-refers a LONG_TERM filer onward; same disease reuses the proof', () => {
    const r = planReReferral(
      P440800,
      longTerm,
      { via: 'HOSPITAL', hospitalId: 'H110000001', toTreatmentRegion: '310000', sameDisease: true },
      hospitals,
      today,
    );
    expect(r.linkedFilingId).toBe('LT-1');
    expect(r.simplified).toBe(true);
    expect(r.application).toMatchObject({
      type: 'REFERRAL',
      treatmentRegion: '310000',
      insuredRegion: '440800',
      commitment: false,
      proof: { kind: 'RESIDENCE_PROOF' },
      reReferral: { originalFilingId: 'LT-1', via: 'HOSPITAL', sameDisease: true },
    });
    const p = planFiling(P440800, r.application, { applicationDate: today, commitmentBarred: false });
    expect(p).toMatchObject({ status: 'ACTIVE', validUntil: '2026-08-31' });
    expect(p.ruleRefs).toContain('F-10');
    const s = createFilingState({ id: 'RR-1', application: r.application, plan: p, applicationDate: today });
    expect(s.linkedFilingId).toBe('LT-1');
  });

  it('F-10: same disease on a REFERRAL filing reuses the original certificate', () => {
    const r = planReReferral(
      P220000,
      referral,
      { via: 'INSURED_AGENCY', toTreatmentRegion: '310000', sameDisease: true },
      hospitals,
      today,
    );
    expect(r.application.referral).toEqual({ fromHospital: 'H220100001', certificateNo: 'JL-9' });
    expect(r.application.proof).toEqual({ kind: 'MEDICAL_RECORD' });
  });

  it('F-10: a different disease needs a new certificate and does not reuse the proof', () => {
    expect(
      codeOf(() =>
        planReReferral(P220000, referral, { via: 'INSURED_AGENCY', toTreatmentRegion: '310000', sameDisease: false }, hospitals, today),
      ),
    ).toBe('FILING_REFERRAL_CERTIFICATE_REQUIRED');
    const r = planReReferral(
      P220000,
      referral,
      { via: 'HOSPITAL', hospitalId: 'H110000001', toTreatmentRegion: '310000', sameDisease: false, certificateNo: 'BJ-1' },
      hospitals,
      today,
    );
    expect(r.application.referral).toEqual({ fromHospital: 'H110000001', certificateNo: 'BJ-1' });
    expect(r.application.proof).toBeUndefined();
    expect(r.simplified).toBe(false);
  });

  it.each([
    ['hospital route without hospital', 'FILING_RE_REFERRAL_HOSPITAL_REQUIRED', longTerm, { via: 'HOSPITAL' }],
    ['unknown hospital', 'FILING_HOSPITAL_UNKNOWN', longTerm, { via: 'HOSPITAL', hospitalId: 'H110000999' }],
    [
      'hospital without referral rights',
      'FILING_RE_REFERRAL_HOSPITAL_NO_RIGHTS',
      longTerm,
      { via: 'HOSPITAL', hospitalId: 'H110000002', toTreatmentRegion: '310000' },
    ],
    [
      'hospital outside the filed treatment region',
      'FILING_RE_REFERRAL_HOSPITAL_OUTSIDE_REGION',
      longTerm,
      { via: 'HOSPITAL', hospitalId: 'H310000001', toTreatmentRegion: '310000' },
    ],
    ['LONG_TERM within its own region', 'FILING_RE_REFERRAL_SAME_REGION_COVERED', longTerm, { via: 'INSURED_AGENCY' }],
    ['back to the insured region', 'FILING_SAME_REGION', longTerm, { via: 'INSURED_AGENCY', toTreatmentRegion: '440800' }],
    [
      'OTHER_TEMPORARY original',
      'FILING_RE_REFERRAL_NOT_ALLOWED',
      stateOf('440800', { type: 'OTHER_TEMPORARY', subtype: undefined }),
      { via: 'INSURED_AGENCY', toTreatmentRegion: '310000' },
    ],
    [
      'EMERGENCY original',
      'FILING_RE_REFERRAL_NOT_ALLOWED',
      stateOf('440800', { type: 'EMERGENCY', subtype: undefined }),
      { via: 'INSURED_AGENCY', toTreatmentRegion: '310000' },
    ],
    [
      'cancelled original',
      'FILING_NOT_ACTIVE',
      cancelFiling(longTerm, '2026-02-01'),
      { via: 'INSURED_AGENCY', toTreatmentRegion: '310000' },
    ],
  ] as const)('F-10: %s -> %s', (_label, code, original, route) => {
    expect(codeOf(() => checkReReferral(P440800, original as FilingState, route, hospitals, today))).toBe(code);
  });

  it('F-10: the insured-region agency route needs no hospital', () => {
    expect(checkReReferral(P440800, longTerm, { via: 'INSURED_AGENCY', toTreatmentRegion: '310000' }, hospitals, today)).toEqual({
      ruleRefs: ['F-10'],
      toTreatmentRegion: '310000',
    });
  });

  it('F-10: a REFERRAL whose 6 months ran out cannot be re-referred', () => {
    expect(
      codeOf(() => checkReReferral(P220000, referral, { via: 'INSURED_AGENCY', toTreatmentRegion: '310000' }, hospitals, '2026-07-15')),
    ).toBe('FILING_NOT_ACTIVE');
  });

  it('F-10/F-11: a same-region re-referral of a REFERRAL renews it and supersedes the original', () => {
    const r = planReReferral(P220000, referral, { via: 'HOSPITAL', hospitalId: 'H110000003', sameDisease: true }, hospitals, '2026-07-01');
    expect(r.application.treatmentRegion).toBe('110000');
    expect(resolveSupersession(P220000, [referral], r.application, '2026-07-01', REGIONS).superseded.map((f) => f.id)).toEqual(['RF-1']);
  });
});

describe('F-11 one live filing per person and treatment region', () => {
  const existing = stateOf('220000', { type: 'OTHER_TEMPORARY', subtype: undefined }, DAY, 'OLD');

  it.each([
    ['same person and region', { personId: PERSON, treatmentRegion: '110000' }, '2026-02-01', true],
    ['another region', { personId: PERSON, treatmentRegion: '310000' }, '2026-02-01', false],
    ['another person', { personId: '11010519491231002X', treatmentRegion: '110000' }, '2026-02-01', false],
    ['old one already past its last day', { personId: PERSON, treatmentRegion: '110000' }, '2026-07-15', false],
  ])('F-11 supersedes: %s -> %s', (_label, incoming, today, expected) => {
    expect(supersedes(existing, incoming, today, REGIONS)).toBe(expected);
  });

  it('F-11: an ended filing is never superseded', () => {
    expect(supersedes(cancelFiling(existing, '2026-01-20'), { personId: PERSON, treatmentRegion: '110000' }, '2026-02-01', REGIONS)).toBe(
      false,
    );
  });

  it('F-11: SUPERSEDE_PREVIOUS returns the filings to end', () => {
    const r = resolveSupersession(P220000, [existing], { personId: PERSON, treatmentRegion: '110000' }, '2026-02-01', REGIONS);
    expect(r.superseded.map((f) => f.id)).toEqual(['OLD']);
    expect(r.ruleRefs).toEqual(['F-11']);
  });

  it('F-11: REJECT_NEW refuses the new filing', () => {
    const strict = { ...P220000, supersession: 'REJECT_NEW' as const };
    expect(
      codeOf(() => resolveSupersession(strict, [existing], { personId: PERSON, treatmentRegion: '110000' }, '2026-02-01', REGIONS)),
    ).toBe('FILING_ACTIVE_EXISTS');
  });

  it('F-11/F-6: a pending commitment cannot be dodged by filing again', () => {
    const pending = stateOf('220000', { commitment: true, proof: undefined }, DAY, 'PENDING');
    expect(
      codeOf(() => resolveSupersession(P220000, [pending], { personId: PERSON, treatmentRegion: '110000' }, '2026-03-01', REGIONS)),
    ).toBe('FILING_CHANGE_DURING_COMMITMENT');
  });

  it('F-11/F-8: a 440800 LONG_TERM filing younger than 6 months cannot be replaced', () => {
    const young = stateOf('440800', {}, DAY, 'YOUNG');
    expect(
      codeOf(() => resolveSupersession(P440800, [young], { personId: PERSON, treatmentRegion: '110000' }, '2026-03-01', REGIONS)),
    ).toBe('FILING_CHANGE_TOO_EARLY');
    expect(
      resolveSupersession(P440800, [young], { personId: PERSON, treatmentRegion: '110000' }, '2026-07-15', REGIONS).superseded,
    ).toHaveLength(1);
  });
});

describe('E-1 filing catalogue', () => {
  it.each(Object.entries(filingErrors))('E-1: %s has a category, a matching status and zh/en text', (_code, entry) => {
    const statusOf = { VALIDATION: 400, POLICY: 422, STATE: 409, CONFLICT: 409, NOT_FOUND: 404 } as Record<string, number>;
    expect(entry.status).toBe(statusOf[entry.category]);
    expect(entry.zh.length).toBeGreaterThan(8);
    expect(entry.en.length).toBeGreaterThan(20);
  });

  it('E-1: FILING_COMMITMENT_BARRED is the exact API.md code, a 422 POLICY error', () => {
    expect(filingErrors.FILING_COMMITMENT_BARRED).toMatchObject({ category: 'POLICY', status: 422 });
  });
});

describe('F-1: proof kinds per long-term subtype, and who may file WORKING', () => {
  it.each([
    ['RESETTLED', 'HOUSEHOLD_REGISTRATION', true],
    ['RESETTLED', 'ID_CARD', true],
    ['RESETTLED', 'RESIDENCE_PROOF', false],
    ['RESIDENT', 'RESIDENCE_PROOF', true],
    ['RESIDENT', 'HOUSEHOLD_REGISTRATION', false],
    ['WORKING', 'WORK_CERTIFICATE', true],
    ['WORKING', 'STUDY_CERTIFICATE', true],
    ['WORKING', 'RESIDENCE_PROOF', false],
  ] as const)('F-1: %s with %s proof accepted: %s', (subtype, kind, accepted) => {
    for (const policy of [P440800, P220000]) {
      const check = () => checkProofKind(policy, subtype, { kind });
      if (accepted) expect(check).not.toThrow();
      else expect(codeOf(check)).toBe('FILING_PROOF_KIND_MISMATCH');
    }
  });

  it.each([
    ['EMPLOYEE', 'IN_SERVICE', null],
    ['EMPLOYEE', 'RETIRED', 'FILING_WORKING_IN_SERVICE_ONLY'],
    ['EMPLOYEE', undefined, 'FILING_WORKING_IN_SERVICE_ONLY'],
    ['RESIDENT', 'IN_SERVICE', 'FILING_WORKING_IN_SERVICE_ONLY'],
  ] as const)('F-1: WORKING for a %s member %s -> %s', (scheme, personCategory, code) => {
    const check = () => checkWorkingPerson({ type: 'LONG_TERM', subtype: 'WORKING', scheme, personCategory });
    if (code === null) expect(check).not.toThrow();
    else expect(codeOf(check)).toBe(code);
  });

  it('F-1: the in-service rule concerns WORKING only', () => {
    expect(() =>
      checkWorkingPerson({ type: 'LONG_TERM', subtype: 'RESIDENT', scheme: 'RESIDENT', personCategory: 'RETIRED' }),
    ).not.toThrow();
  });
});
