import {
  settle,
  reimburse,
  settleWithPolicies,
  reimburseWithPolicies,
  defaultSettlementPolicies,
  accumulatorKey,
  accumulatorKeyId,
} from '../../domain/settlement';
import { policyVersionOn } from '../../domain/policy/settlementPolicy';
import { lookupError } from '../../domain/errors';
import { bill, context, domainErrorOf, filing, BIG_LINES, SMALL_LINES } from './settlementFixtures';

const p440 = policyVersionOn(defaultSettlementPolicies['440800'], '2025-09-01');
const p220 = policyVersionOn(defaultSettlementPolicies['220000'], '2025-09-01');

describe('settlement engine: worked example (DOMAIN.md section 9)', () => {
  it('S-2/S-3: 440800 in-service employee, OTHER_TEMPORARY, inpatient level 3 in 110000 -> fund 4,620.00, person 5,380.00', () => {
    const r = settle(p440, bill(), context(filing()));
    expect(r).toMatchObject({
      totalFen: 1000000,
      eligibleFen: 870000,
      deductibleFen: 100000,
      basePercent: 80,
      reductionPoints: 20,
      reductionReason: 'OTHER_TEMPORARY',
      ratioPercent: 60,
      fundFen: 462000,
      personalFen: 538000,
      capAppliedFen: 0,
      filingId: 'FIL-1',
      policyRegion: '440800',
      accumulatorDelta: { deductibleFen: 0, fundFen: 462000 },
    });
  });

  it('S-6: the trace lists every step with its rule so a clerk can explain the result', () => {
    const r = settle(p440, bill(), context(filing()));
    const steps = r.ruleTrace.map((t) => `${t.rule}:${t.step}`);
    expect(steps).toEqual([
      'S-1:policy',
      'S-2:b-line',
      'S-1:total',
      'S-2:eligible',
      'S-3:base-ratio',
      'S-3:retired-bonus',
      'F-4:filing',
      'S-3:reduction',
      'S-3:ratio',
      'S-2:deductible',
      'S-2:fund-before-cap',
      'S-2:annual-cap',
      'S-2:fund',
      'S-2:personal',
      'S-5:accumulator',
    ]);
    const byStep = Object.fromEntries(r.ruleTrace.map((t) => [t.step, t]));
    expect(byStep['eligible'].valueFen).toBe(870000);
    expect(byStep['b-line'].valueFen).toBe(270000);
    expect(byStep['deductible'].valueFen).toBe(100000);
    expect(byStep['ratio'].valuePercent).toBe(60);
    expect(byStep['fund-before-cap'].detail).toBe('(8,700.00 - 1,000.00) x 60% = 4,620.00');
    expect(byStep['personal'].valueFen).toBe(538000);
    for (const t of r.ruleTrace) expect(t.detail.length).toBeGreaterThan(10);
  });
});

describe('F-4 / F-3: which filing covers the stay', () => {
  it('F-4: a filing that expired before discharge still covers a stay admitted inside its validity', () => {
    const f = filing({ status: 'EXPIRED', validFrom: '2025-03-01', validUntil: '2025-09-03' });
    const r = settle(p440, bill({ admissionDate: '2025-09-01', dischargeDate: '2025-09-20' }), context(f));
    expect(r.fundFen).toBe(462000);
    expect(r.filingId).toBe('FIL-1');
    expect(r.ruleTrace.find((t) => t.rule === 'F-4')?.detail).toContain('admission date decides');
  });

  it.each([
    ['ACTIVE, open-ended (440800 LONG_TERM, F-2)', { status: 'ACTIVE', validUntil: null }],
    ['COMMITMENT_PENDING counts during the commitment period (F-6)', { status: 'COMMITMENT_PENDING' }],
    ['SUPERSEDED after admission (F-11)', { status: 'SUPERSEDED', validUntil: '2025-09-05' }],
    ['CANCELLED after admission (F-8)', { status: 'CANCELLED', validUntil: '2025-09-02' }],
    ['admission on the first valid day (dates inclusive, T-1)', { validFrom: '2025-09-01' }],
    ['admission on the last valid day (dates inclusive, T-1)', { validUntil: '2025-09-01' }],
  ] as const)('F-4: %s', (_name, over) => {
    const r = settle(p440, bill(), context(filing(over)));
    expect(r.filingId).toBe('FIL-1');
    expect(r.ratioPercent).toBe(60);
  });

  it.each([
    ['no filing at all', null, 'NO_FILING'],
    ['admission after the filing ended', filing({ validUntil: '2025-08-31' }), 'NOT_VALID_ON_ADMISSION'],
    ['admission before the filing started (retro-file first, F-5)', filing({ validFrom: '2025-09-02' }), 'NOT_VALID_ON_ADMISSION'],
    ['a LAPSED commitment filing (F-7)', filing({ status: 'LAPSED' }), 'LAPSED'],
    ['a filing for another treatment region (F-4)', filing({ treatmentRegion: '310000' }), 'OTHER_TREATMENT_REGION'],
  ] as const)('F-4/F-5: %s -> SETTLEMENT_NO_VALID_FILING (POLICY 422)', (_name, f, reason) => {
    const err = domainErrorOf(() => settle(p440, bill(), context(f)));
    expect(err.code).toBe('SETTLEMENT_NO_VALID_FILING');
    expect(err.details).toMatchObject({ reason, admissionDate: '2025-09-01', treatmentRegion: '110000' });
    const entry = lookupError(err.code);
    expect([entry.category, entry.status]).toEqual(['POLICY', 422]);
    expect(entry.en).toMatch(/retro-file/);
    expect(entry.en).toMatch(/manual reimbursement/);
    expect(entry.zh).toMatch(/手工报销/);
  });

  it('F-3: an emergency with no filing is deemed filed, EMERGENCY reduction 10 points, no filingId', () => {
    // 440800 employee inpatient level 3: 80 - 10 = 70; (870,000 - 100,000) x 70% = 539,000.
    const r = settle(p440, bill({ emergency: true }), context(null));
    expect(r).toMatchObject({ reductionReason: 'EMERGENCY', reductionPoints: 10, ratioPercent: 70, fundFen: 539000, personalFen: 461000 });
    expect(r.filingId).toBeUndefined();
    expect(r.ruleTrace.some((t) => t.rule === 'F-3')).toBe(true);
  });

  it('F-3: emergency with an OTHER_TEMPORARY filing uses the smaller emergency reduction (holding a filing never hurts)', () => {
    const r = settle(p440, bill({ emergency: true }), context(filing()));
    expect(r).toMatchObject({ reductionReason: 'EMERGENCY', reductionPoints: 10, ratioPercent: 70, fundFen: 539000 });
    expect(r.filingId).toBeUndefined();
  });

  it('F-3: emergency with a LONG_TERM filing keeps the filing (0 points)', () => {
    // 80 - 0 = 80; 770,000 x 80% = 616,000.
    const r = settle(p440, bill({ emergency: true }), context(filing({ type: 'LONG_TERM', validUntil: null })));
    expect(r).toMatchObject({ reductionReason: 'LONG_TERM', reductionPoints: 0, ratioPercent: 80, fundFen: 616000, filingId: 'FIL-1' });
  });
});

describe('S-3: designated referring hospitals (440800 seed 000 part two (six))', () => {
  it('S-3: 440800 REFERRAL filing referral from H440800001 -> reduction 0', () => {
    // 80 - 0 = 80; 770,000 x 80% = 616,000.
    const r = settle(p440, bill(), context(filing({ type: 'REFERRAL', referral: { fromHospital: 'H440800001' } })));
    expect(r).toMatchObject({ reductionReason: 'REFERRAL_DESIGNATED_HOSPITAL', reductionPoints: 0, ratioPercent: 80, fundFen: 616000 });
  });

  it('H-3: a bill naming a designated referrer itself does not lift the 10-point REFERRAL reduction', () => {
    // The referrer is the filing's; a bill could otherwise name any listed hospital. 80 - 10 = 70.
    const r = settle(p440, bill({ referredBy: 'H440800009' }), context(filing({ type: 'REFERRAL' })));
    expect(r).toMatchObject({ reductionReason: 'REFERRAL', reductionPoints: 10, ratioPercent: 70, fundFen: 539000 });
  });

  it('S-3: 440800 REFERRAL from a hospital not on the list -> 10 points', () => {
    const r = settle(
      p440,
      bill({ referredBy: 'H440800099' }),
      context(filing({ type: 'REFERRAL', referral: { fromHospital: 'H440800098' } })),
    );
    expect(r).toMatchObject({ reductionReason: 'REFERRAL', reductionPoints: 10, ratioPercent: 70, fundFen: 539000 });
  });

  it('S-3: 220000 has no designated referrers: a 440800-listed hospital still costs 10 points', () => {
    // 220000 employee inpatient level 3: 85 - 10 = 75; (870,000 - 60,000) x 75% = 607,500.
    const r = settle(
      p220,
      bill({ insuredRegion: '220000' }),
      context(filing({ type: 'REFERRAL', referral: { fromHospital: 'H440800001' } })),
    );
    expect(r).toMatchObject({ reductionReason: 'REFERRAL', reductionPoints: 10, ratioPercent: 75, fundFen: 607500 });
  });

  it('S-3: referredBy on a non-REFERRAL filing changes nothing', () => {
    const r = settle(p440, bill({ referredBy: 'H440800001' }), context(filing()));
    expect(r).toMatchObject({ reductionReason: 'OTHER_TEMPORARY', ratioPercent: 60 });
  });
});

describe('S-2: rounding and deductible', () => {
  it.each([
    // [lines, expected eligible]: B payable part rounded half-up once per line, then summed.
    ['1 fen at 50% self share rounds half up to 1', [{ code: 'b', name: 'b', class: 'B', amountFen: 1, selfSharePercent: 50 }], 1],
    [
      'two such lines: each rounded, then summed = 2',
      [
        { code: 'b1', name: 'b', class: 'B', amountFen: 1, selfSharePercent: 50 },
        { code: 'b2', name: 'b', class: 'B', amountFen: 1, selfSharePercent: 50 },
      ],
      2,
    ],
    ['333 fen at 15% -> 283.05 -> 283', [{ code: 'b', name: 'b', class: 'B', amountFen: 333, selfSharePercent: 15 }], 283],
    ['999 fen at 12.5% -> 874.125 -> 874', [{ code: 'b', name: 'b', class: 'B', amountFen: 999, selfSharePercent: 12.5 }], 874],
    ['B at 100% self share is not payable', [{ code: 'b', name: 'b', class: 'B', amountFen: 5000, selfSharePercent: 100 }], 0],
    ['B at 0% self share is fully payable', [{ code: 'b', name: 'b', class: 'B', amountFen: 5000, selfSharePercent: 0 }], 5000],
  ] as const)('S-2: %s', (_n, lines, eligible) => {
    // 220000 employee outpatient: no deductible, ratio 50 - 0 (LONG_TERM).
    const r = settle(
      p220,
      bill({ insuredRegion: '220000', visitType: 'OUTPATIENT', lines: [...lines] }),
      context(filing({ type: 'LONG_TERM' })),
    );
    expect(r.eligibleFen).toBe(eligible);
  });

  it('S-2: the fund amount rounds half up: 3 fen x 50% = 1.5 -> 2', () => {
    const r = settle(
      p220,
      bill({ insuredRegion: '220000', visitType: 'OUTPATIENT', lines: [{ code: 'a', name: 'a', class: 'A', amountFen: 3 }] }),
      context(filing({ type: 'LONG_TERM' })),
    );
    expect([r.fundFen, r.personalFen]).toEqual([2, 1]);
  });

  it('S-2: a bill smaller than the per-stay deductible pays no fund and applies only its eligible amount', () => {
    const r = settle(p440, bill({ lines: [{ code: 'a', name: 'a', class: 'A', amountFen: 50000 }] }), context(filing()));
    expect(r).toMatchObject({ deductibleFen: 50000, fundFen: 0, personalFen: 50000 });
  });

  it('S-2/S-5: PER_STAY inpatient deductible ignores the yearly accumulator and does not add to it', () => {
    const r = settle(p440, bill(), context(filing(), { deductibleUsedFen: 999999 }));
    expect(r.deductibleFen).toBe(100000);
    expect(r.accumulatorDelta.deductibleFen).toBe(0);
  });

  it.each([
    // 440800 employee outpatient: yearly deductible 100.00, ratio 60 - 20 = 40; eligible 280.00.
    ['nothing paid yet', 0, 10000, 7200], // (28,000 - 10,000) x 40% = 7,200
    ['40.00 already paid', 4000, 6000, 8800], // (28,000 - 6,000) x 40% = 8,800
    ['fully paid', 10000, 0, 11200], // 28,000 x 40% = 11,200
  ])('S-2/S-5: PER_YEAR outpatient deductible with %s', (_n, used, applied, fund) => {
    const r = settle(p440, bill({ visitType: 'OUTPATIENT', lines: SMALL_LINES }), context(filing(), { deductibleUsedFen: used }));
    expect(r.deductibleFen).toBe(applied);
    expect(r.accumulatorDelta.deductibleFen).toBe(applied);
    expect(r.fundFen).toBe(fund);
  });
});

describe('S-2: annual cap', () => {
  it('S-2: a bill crossing the 440800 employee outpatient cap (3,000.00) is cut', () => {
    // Uncapped (28,000 - 10,000) x 40% = 7,200; only 3,000 of 300,000 left.
    const r = settle(p440, bill({ visitType: 'OUTPATIENT', lines: SMALL_LINES }), context(filing(), { fundPaidFen: 297000 }));
    expect(r).toMatchObject({
      fundFen: 3000,
      capAppliedFen: 4200,
      personalFen: 32000,
      accumulatorDelta: { deductibleFen: 10000, fundFen: 3000 },
    });
    expect(r.ruleTrace.find((t) => t.step === 'annual-cap')?.detail).toContain('42.00 cut');
  });

  it('S-2: a bill after the cap is reached pays no fund', () => {
    const r = settle(p440, bill({ visitType: 'OUTPATIENT', lines: SMALL_LINES }), context(filing(), { fundPaidFen: 300000 }));
    expect(r).toMatchObject({ fundFen: 0, capAppliedFen: 7200, personalFen: 35000 });
  });

  it('S-2: an accumulator already over the cap (data from an older policy) pays no fund, never negative', () => {
    const r = settle(p440, bill({ visitType: 'OUTPATIENT', lines: SMALL_LINES }), context(filing(), { fundPaidFen: 450000 }));
    expect([r.fundFen, r.capAppliedFen]).toEqual([0, 7200]);
  });

  it('S-2: 440800 resident inpatient cap 300,000.00 crossed by a large stay', () => {
    // Resident level 3: 60 - 0 (LONG_TERM); (870,000 - 80,000) x 60% = 474,000; 200,000 left.
    const r = settle(p440, bill({ scheme: 'RESIDENT' }), context(filing({ type: 'LONG_TERM' }), { fundPaidFen: 29800000 }));
    expect(r).toMatchObject({ fundFen: 200000, capAppliedFen: 274000, personalFen: 800000 });
  });
});

describe('S-4: manual reimbursement', () => {
  it('S-4: 220000 own fault takes a further 10 points', () => {
    // 220000 employee inpatient level 3: 85 - 20 - 10 = 55; (870,000 - 60,000) x 55% = 445,500.
    const r = reimburse(p220, bill({ insuredRegion: '220000' }), context(filing()), { ownFault: true });
    expect(r).toMatchObject({
      ratioPercent: 55,
      reductionPoints: 30,
      reductionReason: 'OTHER_TEMPORARY',
      fundFen: 445500,
      personalFen: 554500,
      reductions: [
        { reason: 'OTHER_TEMPORARY', points: 20 },
        { reason: 'OWN_FAULT_MANUAL', points: 10 },
      ],
    });
    expect(r.ruleTrace.find((t) => t.rule === 'S-4')?.valuePercent).toBe(10);
  });

  it('S-4: 220000 without own fault reimburses at the direct-settlement ratio', () => {
    // 85 - 20 = 65; 810,000 x 65% = 526,500.
    const r = reimburse(p220, bill({ insuredRegion: '220000' }), context(filing()), { ownFault: false });
    expect(r).toMatchObject({ ratioPercent: 65, reductionPoints: 20, fundFen: 526500 });
  });

  it('S-4: 440800 has no own-fault reduction: the worked example is unchanged and the trace says why', () => {
    const r = reimburse(p440, bill(), context(filing()), { ownFault: true });
    expect(r).toMatchObject({ ratioPercent: 60, reductionPoints: 20, fundFen: 462000, personalFen: 538000 });
    expect(r.ruleTrace.find((t) => t.rule === 'S-4')?.detail).toMatch(/no own-fault reduction/);
  });

  it('S-4/F-5: an unfiled self-paid stay is reimbursed as unfiled care (20 points) and own fault does not apply', () => {
    const r = reimburse(p220, bill({ insuredRegion: '220000' }), context(null), { ownFault: true });
    expect(r).toMatchObject({ reductionReason: 'UNFILED_MANUAL', reductionPoints: 20, ratioPercent: 65, fundFen: 526500 });
    expect(r.filingId).toBeUndefined();
  });

  it('S-4/F-5: a policy that refuses unfiled reimbursement -> SETTLEMENT_REIMBURSEMENT_NEEDS_FILING', () => {
    const strict = { ...p220, unfiledManualReductionPoints: null };
    const err = domainErrorOf(() => reimburse(strict, bill({ insuredRegion: '220000' }), context(null), { ownFault: false }));
    expect(err.code).toBe('SETTLEMENT_REIMBURSEMENT_NEEDS_FILING');
    expect(lookupError(err.code).status).toBe(422);
  });

  it('S-3/S-4: the ratio never goes below 0 even when reductions exceed it', () => {
    // Resident outpatient 50 - 20 - 40 = -10 -> 0.
    const harsh = { ...p220, ownFaultManualReductionPoints: 40 };
    const r = reimburse(
      harsh,
      bill({ insuredRegion: '220000', scheme: 'RESIDENT', visitType: 'OUTPATIENT', lines: SMALL_LINES }),
      context(filing()),
      { ownFault: true },
    );
    expect([r.ratioPercent, r.reductionPoints, r.fundFen, r.personalFen]).toEqual([0, 60, 0, 35000]);
  });

  it('S-4: reimburseWithPolicies picks the insured-region policy', () => {
    const r = reimburseWithPolicies(defaultSettlementPolicies, bill({ insuredRegion: '220000' }), context(filing()), { ownFault: true });
    expect(r.policyRegion).toBe('220000');
    expect(r.ratioPercent).toBe(55);
  });
});

describe('S-7: non-third-party injury', () => {
  it('S-7: settled directly once the statement is signed, and the trace says so', () => {
    const r = settle(p440, bill({ nonThirdPartyInjury: { statementSigned: true } }), context(filing()));
    expect(r.fundFen).toBe(462000);
    expect(r.ruleTrace.some((t) => t.rule === 'S-7')).toBe(true);
  });

  it.each([
    ['statement not signed', { statementSigned: false }],
    ['statement flag missing', {}],
  ])('S-7: %s -> SETTLEMENT_INJURY_STATEMENT_MISSING (POLICY)', (_n, injury) => {
    const err = domainErrorOf(() => settle(p440, bill({ nonThirdPartyInjury: injury }), context(filing())));
    expect(err.code).toBe('SETTLEMENT_INJURY_STATEMENT_MISSING');
    expect(lookupError(err.code).category).toBe('POLICY');
  });
});

describe('S-1: insured-region policy selection', () => {
  it('S-1: the policy of another region is refused', () => {
    const err = domainErrorOf(() => settle(p220, bill(), context(filing())));
    expect(err.code).toBe('SETTLEMENT_POLICY_REGION_MISMATCH');
  });

  it('S-1: an insured region without a policy -> SETTLEMENT_REGION_UNKNOWN (POLICY 422)', () => {
    const err = domainErrorOf(() => settleWithPolicies(defaultSettlementPolicies, bill({ insuredRegion: '330100' }), context(filing())));
    expect(err.code).toBe('SETTLEMENT_REGION_UNKNOWN');
    expect([lookupError(err.code).category, lookupError(err.code).status]).toEqual(['POLICY', 422]);
  });

  it('S-1: an admission before the 220000 policy took effect (2025-05-27) -> SETTLEMENT_POLICY_NOT_IN_EFFECT', () => {
    const err = domainErrorOf(() =>
      settleWithPolicies(
        defaultSettlementPolicies,
        bill({ insuredRegion: '220000', admissionDate: '2025-05-26' }),
        context(filing({ validFrom: '2025-01-01' })),
      ),
    );
    expect(err.code).toBe('SETTLEMENT_POLICY_NOT_IN_EFFECT');
    expect(lookupError(err.code).status).toBe(422);
  });

  it('S-1: a version handed in directly must be in force on the admission date', () => {
    const err = domainErrorOf(() =>
      settle(p220, bill({ insuredRegion: '220000', admissionDate: '2024-12-01' }), context(filing({ validFrom: '2024-01-01' }))),
    );
    expect(err.code).toBe('SETTLEMENT_POLICY_NOT_IN_EFFECT');
  });
});

describe('S-5: accumulator key', () => {
  it('S-5: per person, scheme, admission year and visit type', () => {
    const key = accumulatorKey(
      bill({ admissionDate: '2025-12-30', dischargeDate: '2026-01-05', scheme: 'RESIDENT', visitType: 'CHRONIC' }),
    );
    expect(key).toEqual({ personId: '11010519491231002X', scheme: 'RESIDENT', year: 2025, capGroup: 'CHRONIC' });
    expect(accumulatorKeyId(key)).toBe('11010519491231002X:RESIDENT:2025:CHRONIC');
  });

  it('S-5: settle returns the key it read and the delta to add once; settling twice gives the same answer (pure)', () => {
    const a = settle(p440, bill(), context(filing()));
    const b = settle(p440, bill(), context(filing()));
    expect(a).toEqual(b);
    expect(a.accumulatorKey).toEqual({ personId: '11010519491231002X', scheme: 'EMPLOYEE', year: 2025, capGroup: 'INPATIENT' });
  });

  it('the engine does not modify its inputs', () => {
    const input = bill();
    const ctx = context(filing());
    const snapshot = JSON.stringify([input, ctx, BIG_LINES]);
    settle(p440, input, ctx);
    expect(JSON.stringify([input, ctx, BIG_LINES])).toBe(snapshot);
  });
});
