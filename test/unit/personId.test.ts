import fc from 'fast-check';
import { isValidPersonId, normalizePersonId, personIdBirthDate, personIdCheckChar, personIdProblem } from '../../domain/personId';
import { personIdSchema } from '../../domain/schemas';

// Known-good IDs. The first two are the worked examples of GB 11643-1999; checked by hand:
// 11010519491231002: 1*7+1*9+0+1*5+0+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0+0+2*2 = 167,
//   167 mod 11 = 2 -> 'X'.
// 44052418800101001: 28+36+0+25+16+16+2+8+48+0+0+9+0+5+0+0+2 = 195, 195 mod 11 = 8 -> '4'.
const KNOWN_GOOD = [
  '11010519491231002X',
  '440524188001010014',
  '440802199001010016', // Zhanjiang district code, born 1990-01-01
  '220102198506151232', // Changchun district code
  '310104200002290049', // born on a leap day (2000-02-29)
];

describe('GB 11643 resident ID (ISO 7064 MOD 11-2)', () => {
  it.each(KNOWN_GOOD)('accepts %s', (id) => {
    expect(isValidPersonId(id)).toBe(true);
    expect(personIdSchema.safeParse(id).success).toBe(true);
  });

  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['44080219900101001', '6'],
  ])('personIdCheckChar(%s) = %s', (first17, check) => {
    expect(personIdCheckChar(first17)).toBe(check);
  });

  it.each([
    ['110105194912310021', 'CHECK_CHAR', 'wrong check digit'],
    ['440524188001010015', 'CHECK_CHAR', 'check digit off by one'],
    ['11010519491231002x', 'FORMAT', 'lower-case x'],
    ['11010519491231002', 'FORMAT', '17 characters'],
    ['1101051949123100201', 'FORMAT', '19 characters'],
    ['01010519491231002X', 'FORMAT', 'leading zero region'],
    ['1101051949123100AX', 'FORMAT', 'letter inside'],
    ['310104200102290049', 'BIRTH_DATE', 'Feb 29 in a non-leap year'],
    ['110105194913310021', 'BIRTH_DATE', 'month 13'],
  ])('rejects %s as %s (%s)', (id, problem) => {
    expect(personIdProblem(id)).toBe(problem);
    expect(isValidPersonId(id)).toBe(false);
    expect(personIdSchema.safeParse(id).success).toBe(false);
  });

  it('changing any single digit of a valid ID is caught (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KNOWN_GOOD), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, pos, delta) => {
        const digit = (Number(id[pos]) + delta) % 10;
        const typo = id.slice(0, pos) + digit + id.slice(pos + 1);
        expect(isValidPersonId(typo)).toBe(false);
      }),
    );
  });

  it('every 17-digit prefix with a real birth date yields a valid ID with its check char (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 110000, max: 659999 }),
        fc.integer({ min: 0, max: 40000 }),
        fc.integer({ min: 0, max: 999 }),
        (region, dayOffset, seq) => {
          const birth = new Date(Date.UTC(1930, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);
          const first17 = `${region}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
          const id = first17 + personIdCheckChar(first17);
          expect(isValidPersonId(id)).toBe(true);
          expect(personIdBirthDate(id)).toBe(birth);
        },
      ),
    );
  });

  it('the schema message names the cause in Chinese and English', () => {
    const r = personIdSchema.safeParse('110105194912310021');
    expect(r.success).toBe(false);
    const msg = r.error!.issues[0].message;
    expect(msg).toMatch(/校验码/);
    expect(msg).toMatch(/check character/);
    expect(personIdSchema.safeParse('123').error!.issues[0].message).toMatch(/18/);
  });

  it('normalizePersonId trims and upper-cases a typed x', () => {
    expect(normalizePersonId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(isValidPersonId(normalizePersonId(' 11010519491231002x '))).toBe(true);
  });
});
