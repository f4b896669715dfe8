// Properties that must hold for every bill (S-2, S-3, S-5), checked with fast-check.
import fc from 'fast-check';
import { settle, reimburse, defaultSettlementPolicies, type Bill, type FilingFacts, type SettlementContext } from '../../domain/settlement';
import { policyVersionOn, resolveVisitRule } from '../../domain/policy/settlementPolicy';
import { PERSON } from './settlementFixtures';

const RUNS = { numRuns: 200 };

const lineArb = fc.oneof(
  fc.record({
    code: fc.constant('A'),
    name: fc.constant('甲类'),
    class: fc.constant('A' as const),
    amountFen: fc.integer({ min: 0, max: 20_000_000 }),
  }),
  fc.record({
    code: fc.constant('B'),
    name: fc.constant('乙类'),
    class: fc.constant('B' as const),
    amountFen: fc.integer({ min: 0, max: 20_000_000 }),
    // two-decimal self shares exercise the exact rounding path
    selfSharePercent: fc.integer({ min: 0, max: 10000 }).map((h) => h / 100),
  }),
  fc.record({
    code: fc.constant('S'),
    name: fc.constant('自费'),
    class: fc.constant('SELF' as const),
    amountFen: fc.integer({ min: 0, max: 20_000_000 }),
  }),
);

const billArb: fc.Arbitrary<Bill> = fc.record({
  personId: fc.constant(PERSON),
  scheme: fc.constantFrom('EMPLOYEE' as const, 'RESIDENT' as const),
  personCategory: fc.constantFrom('IN_SERVICE' as const, 'RETIRED' as const),
  insuredRegion: fc.constantFrom('440800', '220000'),
  treatmentRegion: fc.constant('110000'),
  hospitalId: fc.constant('H110000001'),
  hospitalLevel: fc.constantFrom(1 as const, 2 as const, 3 as const),
  visitType: fc.constantFrom('INPATIENT' as const, 'OUTPATIENT' as const, 'CHRONIC' as const),
  admissionDate: fc.constant('2025-09-01'),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 6 }),
  emergency: fc.boolean(),
  referredBy: fc.constantFrom(undefined, 'H440800003', 'H999999999'),
});

const filingArb: fc.Arbitrary<FilingFacts | null> = fc.option(
  fc.record({
    id: fc.constant('FIL-P'),
    type: fc.constantFrom('LONG_TERM' as const, 'REFERRAL' as const, 'EMERGENCY' as const, 'OTHER_TEMPORARY' as const),
    status: fc.constantFrom('ACTIVE' as const, 'COMMITMENT_PENDING' as const, 'EXPIRED' as const),
    validFrom: fc.constant('2025-08-01'),
    validUntil: fc.constantFrom(null, '2026-01-31'),
  }),
  { nil: null },
);

const accArb = fc.record({
  deductibleUsedFen: fc.integer({ min: 0, max: 20_000 }),
  fundPaidFen: fc.integer({ min: 0, max: 70_000_000 }),
});

/** Cases the engine accepts: a covering filing or an emergency (others throw by design). */
const caseArb = fc
  .tuple(billArb, filingArb, accArb)
  .filter(([b, f]) => f !== null || b.emergency === true)
  .map(([b, f, acc]) => ({ bill: b, ctx: { filing: f, accumulator: acc } as SettlementContext }));

const policyOf = (b: Bill) => policyVersionOn(defaultSettlementPolicies[b.insuredRegion], b.admissionDate);

describe('settlement properties', () => {
  it('S-2: fund + personal = total; 0 <= fund <= eligible - deductible; eligible <= total; all integer fen', () => {
    fc.assert(
      fc.property(caseArb, ({ bill, ctx }) => {
        const r = settle(policyOf(bill), bill, ctx);
        const total = bill.lines.reduce((s, l) => s + l.amountFen, 0);
        expect(r.totalFen).toBe(total);
        expect(r.fundFen + r.personalFen).toBe(r.totalFen);
        expect(r.fundFen).toBeGreaterThanOrEqual(0);
        expect(r.fundFen).toBeLessThanOrEqual(r.eligibleFen - r.deductibleFen);
        expect(r.deductibleFen).toBeLessThanOrEqual(r.eligibleFen);
        expect(r.eligibleFen).toBeLessThanOrEqual(r.totalFen);
        for (const v of [r.totalFen, r.eligibleFen, r.deductibleFen, r.fundFen, r.personalFen, r.capAppliedFen]) {
          expect(Number.isSafeInteger(v)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('S-2/S-5: fund never exceeds the annual cap remaining, and the delta is exactly the fund paid', () => {
    fc.assert(
      fc.property(caseArb, ({ bill, ctx }) => {
        const policy = policyOf(bill);
        const r = settle(policy, bill, ctx);
        const cap = resolveVisitRule(policy, bill.scheme, bill.visitType, bill.hospitalLevel).annualCapFen;
        expect(r.fundFen).toBeLessThanOrEqual(Math.max(0, cap - ctx.accumulator.fundPaidFen));
        expect(r.capAppliedFen).toBeGreaterThanOrEqual(0);
        expect(r.accumulatorDelta.fundFen).toBe(r.fundFen);
        expect(ctx.accumulator.fundPaidFen + r.accumulatorDelta.fundFen).toBeLessThanOrEqual(Math.max(cap, ctx.accumulator.fundPaidFen));
      }),
      RUNS,
    );
  });

  it('S-3: ratio is in [0, 100] and equals max(0, base - reduction points)', () => {
    fc.assert(
      fc.property(caseArb, ({ bill, ctx }) => {
        const r = settle(policyOf(bill), bill, ctx);
        expect(r.ratioPercent).toBeGreaterThanOrEqual(0);
        expect(r.ratioPercent).toBeLessThanOrEqual(100);
        expect(r.basePercent).toBeLessThanOrEqual(100);
        expect(r.ratioPercent).toBe(Math.max(0, r.basePercent - r.reductionPoints));
      }),
      RUNS,
    );
  });

  it('S-4: own-fault manual reimbursement never pays more than direct settlement', () => {
    fc.assert(
      fc.property(caseArb, ({ bill, ctx }) => {
        const policy = policyOf(bill);
        const direct = settle(policy, bill, ctx);
        const manual = reimburse(policy, bill, ctx, { ownFault: true });
        expect(manual.ratioPercent).toBeLessThanOrEqual(direct.ratioPercent);
        expect(manual.fundFen).toBeLessThanOrEqual(direct.fundFen);
        expect(manual.fundFen + manual.personalFen).toBe(manual.totalFen);
      }),
      RUNS,
    );
  });

  it('S-1/S-2: a SELF line adds to what the person pays and never to the fund', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 5_000_000 }), ({ bill, ctx }, extra) => {
        const policy = policyOf(bill);
        const before = settle(policy, bill, ctx);
        const after = settle(
          policy,
          { ...bill, lines: [...bill.lines, { code: 'S+', name: '自费', class: 'SELF', amountFen: extra }] },
          ctx,
        );
        expect(after.fundFen).toBe(before.fundFen);
        expect(after.personalFen).toBe(before.personalFen + extra);
      }),
      RUNS,
    );
  });

  it("S-5: more fund already paid this year never raises this bill's fund", () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 10_000_000 }), ({ bill, ctx }, more) => {
        const policy = policyOf(bill);
        const a = settle(policy, bill, ctx);
        const b = settle(policy, bill, { ...ctx, accumulator: { ...ctx.accumulator, fundPaidFen: ctx.accumulator.fundPaidFen + more } });
        expect(b.fundFen).toBeLessThanOrEqual(a.fundFen);
      }),
      RUNS,
    );
  });
});
