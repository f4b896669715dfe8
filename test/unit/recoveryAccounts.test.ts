// RC-4 and personal data: the ledger names a person debtor (F-7 commitment recoveries) by the
// recovery, never by the ID number, in its account names and memos; an institution keeps its id.
import { collectMovement, offsetMovement } from '../../domain/recovery/movements';
import type { RecoveryOrder } from '../../domain/recovery/types';

const order = (debtor: string, recoveryId: string): RecoveryOrder => ({
  recoveryId,
  source: { type: recoveryId.startsWith('REC-COM') ? 'COMMITMENT' : 'INQUIRY', id: 'SRC-1' } as RecoveryOrder['source'],
  amountFen: 12_000,
  debtor,
  debtorRegion: '220000',
  insuredRegion: '220000',
  treatmentRegion: '110000',
  scheme: 'EMPLOYEE',
  reason: 'test',
  fines: [],
});

describe('RC-4: receivable accounts and memos', () => {
  const personId = '11010519491231002X';

  it.each([
    ['F-7: a person debtor is named by the recovery', order(personId, 'REC-COM-FIL-1'), 'RECEIVABLE-REC-COM-FIL-1'],
    ['I-5: an institution debtor keeps its id', order('H110000001', 'REC-INQ-INQ-1'), 'RECEIVABLE-H110000001'],
  ])('%s', (_rule, o, account) => {
    for (const movement of [collectMovement(o, '2026-05-01'), offsetMovement(o, 'CLR-220000-110000-2026-04', '2026-05-05')]) {
      expect(movement.creditAccount).toBe(account);
      expect(JSON.stringify(movement)).not.toContain(personId);
    }
  });

  it('the memo of a collected institution debt names the institution', () => {
    expect(collectMovement(order('H110000001', 'REC-INQ-INQ-1'), '2026-05-01').memo).toContain('H110000001');
  });
});
