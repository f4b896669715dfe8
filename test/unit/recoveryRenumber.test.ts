// X-1 on a recovery owed by a person (an F-7 commitment recovery): a person-number change reaches
// the case, which goes on under the new number; the same number again changes nothing.
import { debtorNotified, debtorRenumbered, openRecovery, scheduleOrder, type RecoveryOrder } from '../../domain/recovery';
import { newPersonId } from '../support/people';

const [OLD, NEW, THIRD] = [newPersonId('19900307'), newPersonId('19900307'), newPersonId('19900307')];

const order: RecoveryOrder = {
  recoveryId: 'REC-COM-FIL-1',
  source: { type: 'COMMITMENT', id: 'FIL-1' },
  amountFen: 52_000,
  debtor: OLD,
  debtorRegion: '220000',
  insuredRegion: '220000',
  treatmentRegion: '110000',
  scheme: 'EMPLOYEE',
  reason: '承诺制备案逾期未补齐材料',
  fines: [],
};

function awaitingPayment() {
  const ordered = scheduleOrder(openRecovery(order, '2026-03-02'), 30, order).state;
  return debtorNotified(ordered, 'R-1', order).state;
}

describe('X-1 person-number change on a recovery owed by the person', () => {
  it('X-1: the case goes on under the new number and records the change once, naming both numbers', () => {
    const before = awaitingPayment();
    const t = debtorRenumbered(before, order, NEW);
    expect(t.state).toMatchObject({ debtor: NEW, status: before.status, dueDate: before.dueDate });
    expect(t.event).toEqual({ type: 'DEBTOR_RENUMBERED', rule: 'X-1', data: { from: OLD, to: NEW } });
    expect(t.effects).toEqual([]);

    const again = debtorRenumbered(t.state, order, NEW);
    expect(again.event).toBeNull();
    expect(again.state).toBe(t.state);
  });

  it('X-1: a later change starts from the number the case holds now, not the one on the order', () => {
    const renumbered = debtorRenumbered(awaitingPayment(), order, NEW).state;
    expect(debtorRenumbered(renumbered, order, THIRD).event).toEqual({
      type: 'DEBTOR_RENUMBERED',
      rule: 'X-1',
      data: { from: NEW, to: THIRD },
    });
  });

  it('X-1: the number the order already names is no change', () => {
    const state = awaitingPayment();
    expect(debtorRenumbered(state, order, OLD)).toEqual({ state, event: null, effects: [] });
  });
});
