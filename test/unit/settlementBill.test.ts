// E-1: bad bills are rejected before any computation, each failing field with its own problem
// code, all inside one SETTLEMENT_BILL_INVALID (VALIDATION 400).
import { validateBill, parseBill, settle, defaultSettlementPolicies, type BillProblem } from '../../domain/settlement';
import { policyVersionOn } from '../../domain/policy/settlementPolicy';
import { lookupError } from '../../domain/errors';
import { bill, context, domainErrorOf, filing } from './settlementFixtures';

const p440 = policyVersionOn(defaultSettlementPolicies['440800'], '2025-09-01');
const line = (over: Record<string, unknown>) => ({ code: 'X1', name: '项目', class: 'A', amountFen: 100, ...over });

describe('E-1: bad bills each get their problem code', () => {
  it.each<[string, Record<string, unknown>, string, BillProblem]>([
    ['negative amount', { lines: [line({ amountFen: -1 })] }, 'lines.0.amountFen', 'AMOUNT_INVALID'],
    ['fractional fen', { lines: [line({ amountFen: 10.5 })] }, 'lines.0.amountFen', 'AMOUNT_INVALID'],
    ['amount as a string', { lines: [line({ amountFen: '100' })] }, 'lines.0.amountFen', 'AMOUNT_INVALID'],
    ['unknown class (S-1)', { lines: [line({ class: 'C' })] }, 'lines.0.class', 'UNKNOWN_VALUE'],
    ['B line without self share (S-2)', { lines: [line({ class: 'B' })] }, 'lines.0.selfSharePercent', 'SELF_SHARE_MISSING'],
    [
      'B line self share above 100',
      { lines: [line({ class: 'B', selfSharePercent: 101 })] },
      'lines.0.selfSharePercent',
      'SELF_SHARE_OUT_OF_RANGE',
    ],
    [
      'B line self share below 0',
      { lines: [line({ class: 'B', selfSharePercent: -5 })] },
      'lines.0.selfSharePercent',
      'SELF_SHARE_OUT_OF_RANGE',
    ],
    ['A line with a self share', { lines: [line({ selfSharePercent: 10 })] }, 'lines.0.selfSharePercent', 'SELF_SHARE_NOT_ALLOWED'],
    [
      'SELF line with a self share',
      { lines: [line({ class: 'SELF', selfSharePercent: 0 })] },
      'lines.0.selfSharePercent',
      'SELF_SHARE_NOT_ALLOWED',
    ],
    ['no lines', { lines: [] }, 'lines', 'NO_LINES'],
    [
      'discharge before admission',
      { admissionDate: '2025-09-10', dischargeDate: '2025-09-09' },
      'dischargeDate',
      'DISCHARGE_BEFORE_ADMISSION',
    ],
    ['impossible date', { admissionDate: '2025-02-29' }, 'admissionDate', 'DATE_INVALID'],
    ['date in another format', { admissionDate: '2025/09/01' }, 'admissionDate', 'DATE_INVALID'],
    ['hospital level 4', { hospitalLevel: 4 }, 'hospitalLevel', 'HOSPITAL_LEVEL_INVALID'],
    ['hospital level 0', { hospitalLevel: 0 }, 'hospitalLevel', 'HOSPITAL_LEVEL_INVALID'],
    ['unknown scheme', { scheme: 'FREE' }, 'scheme', 'UNKNOWN_VALUE'],
    ['unknown visit type', { visitType: 'DENTAL' }, 'visitType', 'UNKNOWN_VALUE'],
    ['unknown person category', { personCategory: 'STUDENT' }, 'personCategory', 'UNKNOWN_VALUE'],
    ['missing scheme', { scheme: undefined }, 'scheme', 'REQUIRED'],
    ['missing lines', { lines: undefined }, 'lines', 'REQUIRED'],
    ['person id too short', { personId: '1101051949123100' }, 'personId', 'PERSON_ID_FORMAT'],
    ['person id lowercase x', { personId: '11010519491231002x' }, 'personId', 'PERSON_ID_FORMAT'],
    ['region code not 6 digits', { treatmentRegion: '11000' }, 'treatmentRegion', 'REGION_CODE_FORMAT'],
    ['treatment region = insured region (local care)', { treatmentRegion: '440800' }, 'treatmentRegion', 'SAME_REGION'],
    ['empty hospital id', { hospitalId: '' }, 'hospitalId', 'TEXT_EMPTY'],
    ['emergency not a boolean', { emergency: 'yes' }, 'emergency', 'WRONG_TYPE'],
    [
      'total beyond safe integers',
      { lines: [line({ amountFen: Number.MAX_SAFE_INTEGER }), line({ amountFen: 2 })] },
      'lines',
      'TOTAL_TOO_LARGE',
    ],
  ])('E-1: %s -> %s %s', (_n, over, path, problem) => {
    const input = { ...bill(), ...over };
    expect(validateBill(input)).toContainEqual(expect.objectContaining({ path, problem }));
    const err = domainErrorOf(() => settle(p440, input as never, context(filing())));
    expect(err.code).toBe('SETTLEMENT_BILL_INVALID');
    expect(err.details.fields).toContainEqual(expect.objectContaining({ path, problem }));
    expect([lookupError(err.code).category, lookupError(err.code).status]).toEqual(['VALIDATION', 400]);
  });

  it('E-1: several problems are reported together, one entry per field', () => {
    const problems = validateBill({
      ...bill(),
      hospitalLevel: 5,
      admissionDate: '2025-13-01',
      lines: [line({ class: 'B' }), line({ amountFen: -3 })],
    });
    expect(problems.map((p) => `${p.path}:${p.problem}`).sort()).toEqual([
      'admissionDate:DATE_INVALID',
      'hospitalLevel:HOSPITAL_LEVEL_INVALID',
      'lines.0.selfSharePercent:SELF_SHARE_MISSING',
      'lines.1.amountFen:AMOUNT_INVALID',
    ]);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(5);
  });

  it('a good bill has no problems and parses to itself (extra request fields such as ownFault are dropped)', () => {
    expect(validateBill(bill())).toEqual([]);
    expect(parseBill({ ...bill(), ownFault: true })).toEqual(bill());
  });

  it('a non-object is a bill problem, not a crash', () => {
    expect(domainErrorOf(() => parseBill(null)).code).toBe('SETTLEMENT_BILL_INVALID');
    expect(validateBill('text').length).toBeGreaterThan(0);
  });
});
