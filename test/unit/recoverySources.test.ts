// RC-2: a clerk's recovery order must match its source: a confirmed VERIFIED_ISSUE inquiry and at
// most its disallowed amount; a lapsed commitment filing and at most the fund money paid under it;
// audit and fraud numbers belong to the ordering region (their ids carry it).
import { DomainError } from '../../domain/errors/types';
import { checkOrderAgainstSource, orderedRecoveryIdFor, recoveryIdFor, type RecoverySourceFacts } from '../../domain/recovery';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

const inquiry = (status: string, result: string | null, disallowedFen: number): RecoverySourceFacts => ({
  type: 'INQUIRY',
  status,
  result,
  disallowedFen,
});
const commitment = (status: string, recoveryObligationFen: number): RecoverySourceFacts => ({
  type: 'COMMITMENT',
  status,
  recoveryObligationFen,
});

describe('RC-2 an order matches its source', () => {
  it.each([
    [
      'RC-2, I-5: a confirmed VERIFIED_ISSUE inquiry, up to its disallowed amount',
      inquiry('CONFIRMED', 'VERIFIED_ISSUE', 150_000),
      150_000,
      null,
    ],
    ['RC-2, I-5: less than the disallowed amount is allowed', inquiry('CONFIRMED', 'VERIFIED_ISSUE', 150_000), 100_000, null],
    [
      'RC-2, I-5: more than the disallowed amount is refused',
      inquiry('CONFIRMED', 'VERIFIED_ISSUE', 150_000),
      150_001,
      'RECOVERY_AMOUNT_EXCEEDS_SOURCE',
    ],
    [
      'RC-2, I-3: an answer not yet confirmed is contestable: refused',
      inquiry('AWAITING_CONFIRMATION', 'VERIFIED_ISSUE', 150_000),
      1,
      'RECOVERY_SOURCE_NOT_CONFIRMED',
    ],
    ['RC-2: an unanswered inquiry is refused', inquiry('AWAITING_RESPONSE', null, 0), 1, 'RECOVERY_SOURCE_NOT_CONFIRMED'],
    [
      'RC-2: a confirmed VERIFIED_OK inquiry found nothing to recover',
      inquiry('CONFIRMED', 'VERIFIED_OK', 0),
      1,
      'RECOVERY_SOURCE_NOT_CONFIRMED',
    ],
    ['RC-2, F-7: a lapsed commitment filing, up to what the fund paid under it', commitment('LAPSED', 420_000), 420_000, null],
    [
      'RC-2, F-7: more than the fund paid under the commitment is refused',
      commitment('LAPSED', 420_000),
      420_001,
      'RECOVERY_AMOUNT_EXCEEDS_SOURCE',
    ],
    [
      'RC-2, F-7: a lapsed filing under which the fund paid nothing has nothing to recover',
      commitment('LAPSED', 0),
      1,
      'RECOVERY_AMOUNT_EXCEEDS_SOURCE',
    ],
    ['RC-2, F-6: a pending commitment has not lapsed', commitment('COMMITMENT_PENDING', 420_000), 1, 'RECOVERY_SOURCE_NOT_LAPSED'],
    ['RC-2, F-6: a commitment fulfilled (ACTIVE) has not lapsed', commitment('ACTIVE', 0), 1, 'RECOVERY_SOURCE_NOT_LAPSED'],
    ["RC-2: an audit finding is the region's own record: any amount", { type: 'AUDIT' } as const, 9_999_999, null],
    ["RC-2: a fraud case is the region's own record: any amount", { type: 'FRAUD' } as const, 1, null],
  ] as const)('%s', (_title, facts, amountFen, code) => {
    expect(codeOf(() => checkOrderAgainstSource({ type: facts.type, id: 'S-1' }, facts, amountFen))).toBe(code);
  });

  it('RC-2: the refusal names the most the source allows (E-1 details)', () => {
    try {
      checkOrderAgainstSource({ type: 'INQUIRY', id: 'INQ-1' }, inquiry('CONFIRMED', 'VERIFIED_ISSUE', 150_000), 200_000);
      throw new Error('not refused');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).details).toEqual({ source: { type: 'INQUIRY', id: 'INQ-1' }, amountFen: 200_000, maxAmountFen: 150_000 });
    }
  });

  it('RC-2: audit and fraud ids are scoped by the ordering region; inquiry and commitment ids are the engine-wide ones', () => {
    expect(orderedRecoveryIdFor('AUDIT', '440800', '2026-001')).toBe('REC-AUD-440800-2026-001');
    expect(orderedRecoveryIdFor('AUDIT', '220000', '2026-001')).toBe('REC-AUD-220000-2026-001');
    expect(orderedRecoveryIdFor('FRAUD', '220000', 'F9')).toBe('REC-FRA-220000-F9');
    expect(orderedRecoveryIdFor('INQUIRY', '220000', 'INQ-1')).toBe(recoveryIdFor('INQUIRY', 'INQ-1'));
    expect(orderedRecoveryIdFor('COMMITMENT', '220000', 'FIL-1')).toBe('REC-COM-FIL-1');
  });
});
