// Table tests over both regions, schemes, visit types, levels, person categories and filing
// situations. Every expected number is worked out by hand in the comment column from the
// section 9 table (yuan -> fen x100), NOT by re-running the engine's formula.
//
// BIG = inpatient/chronic lines: total 1,000,000 fen, eligible 870,000 fen.
// SMALL = outpatient lines: total 35,000 fen, eligible 28,000 fen.
import { settleWithPolicies, defaultSettlementPolicies, type Bill, type FilingFacts } from '../../domain/settlement';
import { bill, context, domainErrorOf, filing, BIG_LINES, SMALL_LINES } from './settlementFixtures';

type Situation =
  | 'LONG_TERM'
  | 'REFERRAL'
  | 'EMERGENCY'
  | 'EMERGENCY_FILING_NOT_EMERGENCY'
  | 'OTHER_TEMPORARY'
  | 'REFERRAL_DESIGNATED'
  | 'EMERGENCY_NO_FILING'
  | 'EXPIRED_BEFORE_DISCHARGE';

interface Row {
  region: '440800' | '220000';
  scheme: Bill['scheme'];
  visit: Bill['visitType'];
  level: Bill['hospitalLevel'];
  cat: Bill['personCategory'];
  situation: Situation;
  /** Yearly deductible already used (outpatient only). */
  used?: number;
  expect: { deductible: number; base: number; points: number; ratio: number; fund: number; personal: number };
  why: string;
}

const rows: Row[] = [
  // ---- 440800 EMPLOYEE INPATIENT: 300/90, 600/85, 1000/80, retired +5, cap 600,000 yuan
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 1,
    cat: 'IN_SERVICE',
    situation: 'LONG_TERM',
    expect: { deductible: 30000, base: 90, points: 0, ratio: 90, fund: 756000, personal: 244000 },
    why: '(870000-30000) x 90%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 2,
    cat: 'RETIRED',
    situation: 'REFERRAL',
    expect: { deductible: 60000, base: 90, points: 10, ratio: 80, fund: 648000, personal: 352000 },
    why: '85+5-10; 810000 x 80%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 100000, base: 80, points: 20, ratio: 60, fund: 462000, personal: 538000 },
    why: 'worked example',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 3,
    cat: 'RETIRED',
    situation: 'EMERGENCY',
    expect: { deductible: 100000, base: 85, points: 10, ratio: 75, fund: 577500, personal: 422500 },
    why: '80+5-10; 770000 x 75%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'EMERGENCY_FILING_NOT_EMERGENCY',
    expect: { deductible: 60000, base: 85, points: 20, ratio: 65, fund: 526500, personal: 473500 },
    why: 'F-3: 85-20; (870000 - 60000) x 65%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 3,
    cat: 'RETIRED',
    situation: 'EMERGENCY_FILING_NOT_EMERGENCY',
    expect: { deductible: 100000, base: 85, points: 20, ratio: 65, fund: 500500, personal: 499500 },
    why: 'F-3: 80+5-20; 770000 x 65%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 1,
    cat: 'RETIRED',
    situation: 'REFERRAL_DESIGNATED',
    expect: { deductible: 30000, base: 95, points: 0, ratio: 95, fund: 798000, personal: 202000 },
    why: '90+5-0; 840000 x 95%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 2,
    cat: 'IN_SERVICE',
    situation: 'EXPIRED_BEFORE_DISCHARGE',
    expect: { deductible: 60000, base: 85, points: 20, ratio: 65, fund: 526500, personal: 473500 },
    why: 'F-4; 810000 x 65%',
  },
  // ---- 440800 RESIDENT INPATIENT: 200/85, 500/75, 800/60, no retired bonus
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 1,
    cat: 'IN_SERVICE',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 20000, base: 85, points: 20, ratio: 65, fund: 552500, personal: 447500 },
    why: '850000 x 65%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 2,
    cat: 'RETIRED',
    situation: 'LONG_TERM',
    expect: { deductible: 50000, base: 75, points: 0, ratio: 75, fund: 615000, personal: 385000 },
    why: 'retired n/a; 820000 x 75%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'REFERRAL',
    expect: { deductible: 80000, base: 60, points: 10, ratio: 50, fund: 395000, personal: 605000 },
    why: '790000 x 50%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 3,
    cat: 'RETIRED',
    situation: 'EMERGENCY_NO_FILING',
    expect: { deductible: 80000, base: 60, points: 10, ratio: 50, fund: 395000, personal: 605000 },
    why: 'F-3; 790000 x 50%',
  },
  // ---- 440800 OUTPATIENT: EMPLOYEE 100 per year / 60, RESIDENT 0 / 50, no retired bonus
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'OUTPATIENT',
    level: 1,
    cat: 'IN_SERVICE',
    situation: 'LONG_TERM',
    expect: { deductible: 10000, base: 60, points: 0, ratio: 60, fund: 10800, personal: 24200 },
    why: '18000 x 60%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'OUTPATIENT',
    level: 2,
    cat: 'RETIRED',
    situation: 'OTHER_TEMPORARY',
    used: 4000,
    expect: { deductible: 6000, base: 60, points: 20, ratio: 40, fund: 8800, personal: 26200 },
    why: '22000 x 40%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'OUTPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'REFERRAL',
    used: 10000,
    expect: { deductible: 0, base: 60, points: 10, ratio: 50, fund: 14000, personal: 21000 },
    why: '28000 x 50%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'OUTPATIENT',
    level: 2,
    cat: 'IN_SERVICE',
    situation: 'EMERGENCY',
    expect: { deductible: 0, base: 50, points: 10, ratio: 40, fund: 11200, personal: 23800 },
    why: '28000 x 40%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'OUTPATIENT',
    level: 1,
    cat: 'RETIRED',
    situation: 'LONG_TERM',
    expect: { deductible: 0, base: 50, points: 0, ratio: 50, fund: 14000, personal: 21000 },
    why: '28000 x 50%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'OUTPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'REFERRAL_DESIGNATED',
    expect: { deductible: 0, base: 50, points: 0, ratio: 50, fund: 14000, personal: 21000 },
    why: '28000 x 50%',
  },
  // ---- 440800 CHRONIC: no deductible, inpatient ratio and retired bonus
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'CHRONIC',
    level: 3,
    cat: 'RETIRED',
    situation: 'LONG_TERM',
    expect: { deductible: 0, base: 85, points: 0, ratio: 85, fund: 739500, personal: 260500 },
    why: '80+5; 870000 x 85%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'CHRONIC',
    level: 1,
    cat: 'IN_SERVICE',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 0, base: 85, points: 20, ratio: 65, fund: 565500, personal: 434500 },
    why: '870000 x 65%',
  },
  {
    region: '440800',
    scheme: 'EMPLOYEE',
    visit: 'CHRONIC',
    level: 2,
    cat: 'IN_SERVICE',
    situation: 'REFERRAL_DESIGNATED',
    expect: { deductible: 0, base: 85, points: 0, ratio: 85, fund: 739500, personal: 260500 },
    why: '870000 x 85%',
  },
  {
    region: '440800',
    scheme: 'RESIDENT',
    visit: 'CHRONIC',
    level: 2,
    cat: 'RETIRED',
    situation: 'EMERGENCY_NO_FILING',
    expect: { deductible: 0, base: 75, points: 10, ratio: 65, fund: 565500, personal: 434500 },
    why: 'no bonus; 870000 x 65%',
  },

  // ---- 220000 EMPLOYEE INPATIENT: 200/92, 400/88, 600/85, retired +3, cap 400,000 yuan
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 1,
    cat: 'RETIRED',
    situation: 'LONG_TERM',
    expect: { deductible: 20000, base: 95, points: 0, ratio: 95, fund: 807500, personal: 192500 },
    why: '92+3; 850000 x 95%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 2,
    cat: 'IN_SERVICE',
    situation: 'REFERRAL_DESIGNATED',
    expect: { deductible: 40000, base: 88, points: 10, ratio: 78, fund: 647400, personal: 352600 },
    why: 'no designated list in 220000; 830000 x 78%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 60000, base: 85, points: 20, ratio: 65, fund: 526500, personal: 473500 },
    why: '810000 x 65%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 3,
    cat: 'RETIRED',
    situation: 'EMERGENCY_NO_FILING',
    expect: { deductible: 60000, base: 88, points: 10, ratio: 78, fund: 631800, personal: 368200 },
    why: '85+3-10; 810000 x 78%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'INPATIENT',
    level: 2,
    cat: 'RETIRED',
    situation: 'EXPIRED_BEFORE_DISCHARGE',
    expect: { deductible: 40000, base: 91, points: 20, ratio: 71, fund: 589300, personal: 410700 },
    why: '88+3-20; 830000 x 71%',
  },
  // ---- 220000 RESIDENT INPATIENT: 150/85, 300/75, 500/65
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 1,
    cat: 'IN_SERVICE',
    situation: 'EMERGENCY',
    expect: { deductible: 15000, base: 85, points: 10, ratio: 75, fund: 641250, personal: 358750 },
    why: '855000 x 75%',
  },
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 2,
    cat: 'RETIRED',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 30000, base: 75, points: 20, ratio: 55, fund: 462000, personal: 538000 },
    why: '840000 x 55%',
  },
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'LONG_TERM',
    expect: { deductible: 50000, base: 65, points: 0, ratio: 65, fund: 533000, personal: 467000 },
    why: '820000 x 65%',
  },
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'INPATIENT',
    level: 3,
    cat: 'RETIRED',
    situation: 'REFERRAL',
    expect: { deductible: 50000, base: 65, points: 10, ratio: 55, fund: 451000, personal: 549000 },
    why: '820000 x 55%',
  },
  // ---- 220000 OUTPATIENT: 0 / 50 for both schemes
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'OUTPATIENT',
    level: 1,
    cat: 'RETIRED',
    situation: 'REFERRAL',
    expect: { deductible: 0, base: 50, points: 10, ratio: 40, fund: 11200, personal: 23800 },
    why: '28000 x 40%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'OUTPATIENT',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'LONG_TERM',
    expect: { deductible: 0, base: 50, points: 0, ratio: 50, fund: 14000, personal: 21000 },
    why: '28000 x 50%',
  },
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'OUTPATIENT',
    level: 2,
    cat: 'IN_SERVICE',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 0, base: 50, points: 20, ratio: 30, fund: 8400, personal: 26600 },
    why: '28000 x 30%',
  },
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'OUTPATIENT',
    level: 1,
    cat: 'RETIRED',
    situation: 'EMERGENCY_NO_FILING',
    expect: { deductible: 0, base: 50, points: 10, ratio: 40, fund: 11200, personal: 23800 },
    why: '28000 x 40%',
  },
  // ---- 220000 CHRONIC: no deductible, inpatient ratio and retired bonus
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'CHRONIC',
    level: 1,
    cat: 'RETIRED',
    situation: 'OTHER_TEMPORARY',
    expect: { deductible: 0, base: 95, points: 20, ratio: 75, fund: 652500, personal: 347500 },
    why: '92+3-20; 870000 x 75%',
  },
  {
    region: '220000',
    scheme: 'RESIDENT',
    visit: 'CHRONIC',
    level: 3,
    cat: 'IN_SERVICE',
    situation: 'REFERRAL',
    expect: { deductible: 0, base: 65, points: 10, ratio: 55, fund: 478500, personal: 521500 },
    why: '870000 x 55%',
  },
  {
    region: '220000',
    scheme: 'EMPLOYEE',
    visit: 'CHRONIC',
    level: 2,
    cat: 'IN_SERVICE',
    situation: 'EMERGENCY',
    expect: { deductible: 0, base: 88, points: 10, ratio: 78, fund: 678600, personal: 321400 },
    why: '870000 x 78%',
  },
];

/** The filing (and bill flags) each situation stands for. */
function setup(s: Situation): { filing: FilingFacts | null; over: Partial<Bill>; reason: string } {
  switch (s) {
    case 'LONG_TERM':
      return { filing: filing({ type: 'LONG_TERM', validUntil: null }), over: {}, reason: 'LONG_TERM' };
    case 'REFERRAL':
      return { filing: filing({ type: 'REFERRAL', referral: { fromHospital: 'H999999999' } }), over: {}, reason: 'REFERRAL' };
    case 'REFERRAL_DESIGNATED':
      return {
        filing: filing({ type: 'REFERRAL', referral: { fromHospital: 'H440800005' } }),
        over: {},
        reason: 'REFERRAL_DESIGNATED_HOSPITAL',
      };
    case 'EMERGENCY':
      // F-3: a recorded EMERGENCY filing covers the emergency episode itself.
      return { filing: filing({ type: 'EMERGENCY' }), over: { emergency: true }, reason: 'EMERGENCY' };
    case 'EMERGENCY_FILING_NOT_EMERGENCY':
      // F-3: ...and nothing else: another stay under it is an unreferred temporary one (20 points).
      return { filing: filing({ type: 'EMERGENCY' }), over: {}, reason: 'OTHER_TEMPORARY' };
    case 'OTHER_TEMPORARY':
      return { filing: filing(), over: {}, reason: 'OTHER_TEMPORARY' };
    case 'EMERGENCY_NO_FILING':
      return { filing: null, over: { emergency: true }, reason: 'EMERGENCY' };
    case 'EXPIRED_BEFORE_DISCHARGE':
      return {
        filing: filing({ status: 'EXPIRED', validFrom: '2025-03-01', validUntil: '2025-09-02' }),
        over: { admissionDate: '2025-09-01', dischargeDate: '2025-09-15' },
        reason: 'OTHER_TEMPORARY',
      };
  }
}

describe('settlement tables: both regions x schemes x visit types x levels x categories x filing situations', () => {
  it.each(rows.map((r) => [`${r.region} ${r.scheme} ${r.visit} L${r.level} ${r.cat} ${r.situation}: ${r.why}`, r] as const))(
    'S-2/S-3/F-3/F-4: %s',
    (_name, r) => {
      const { filing: f, over, reason } = setup(r.situation);
      const b = bill({
        insuredRegion: r.region,
        scheme: r.scheme,
        visitType: r.visit,
        hospitalLevel: r.level,
        personCategory: r.cat,
        lines: r.visit === 'OUTPATIENT' ? SMALL_LINES : BIG_LINES,
        ...over,
      });
      const got = settleWithPolicies(defaultSettlementPolicies, b, context(f, { deductibleUsedFen: r.used ?? 0 }));
      // 220000 has no designated referrers, so its "designated" row falls back to plain REFERRAL.
      const expectedReason = r.region === '220000' && reason === 'REFERRAL_DESIGNATED_HOSPITAL' ? 'REFERRAL' : reason;
      expect({
        deductible: got.deductibleFen,
        base: got.basePercent,
        points: got.reductionPoints,
        ratio: got.ratioPercent,
        fund: got.fundFen,
        personal: got.personalFen,
      }).toEqual(r.expect);
      expect(got.reductionReason).toBe(expectedReason);
      expect(got.totalFen).toBe(r.visit === 'OUTPATIENT' ? 35000 : 1000000);
      expect(got.eligibleFen).toBe(r.visit === 'OUTPATIENT' ? 28000 : 870000);
      expect(got.capAppliedFen).toBe(0);
    },
  );

  it('the table covers every region, scheme, visit type, level, category and situation', () => {
    const seen = (f: (r: Row) => unknown) => new Set(rows.map(f)).size;
    expect(seen((r) => r.region)).toBe(2);
    expect(seen((r) => r.scheme)).toBe(2);
    expect(seen((r) => r.visit)).toBe(3);
    expect(seen((r) => r.level)).toBe(3);
    expect(seen((r) => r.cat)).toBe(2);
    expect(seen((r) => r.situation)).toBe(8);
    for (const region of ['440800', '220000']) {
      for (const scheme of ['EMPLOYEE', 'RESIDENT']) {
        for (const visit of ['INPATIENT', 'OUTPATIENT', 'CHRONIC']) {
          expect(rows.some((r) => r.region === region && r.scheme === scheme && r.visit === visit)).toBe(true);
        }
      }
    }
  });

  it.each(['440800', '220000'] as const)('F-4/F-5: %s with no filing and no emergency -> SETTLEMENT_NO_VALID_FILING', (region) => {
    const err = domainErrorOf(() => settleWithPolicies(defaultSettlementPolicies, bill({ insuredRegion: region }), context(null)));
    expect(err.code).toBe('SETTLEMENT_NO_VALID_FILING');
    expect(err.details.reason).toBe('NO_FILING');
  });
});
