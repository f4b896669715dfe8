// RC-3, RC-4: finance refusing the transfer is an exception on the case, not a failed workflow: the
// case stops at TRANSFER_REFUSED (the money waits in the collection account), the province is told,
// and a clerk's retry asks for the same transfer (same transferId) under a new idempotency key.
import { DomainError } from '../../domain/errors/types';
import {
  checkPaymentReport,
  checkTransferRetry,
  debtorNotified,
  nextRecoveryDeadline,
  openRecovery,
  paymentChecked,
  scheduleOrder,
  transferKeyFor,
  transferKeyOf,
  transferOrderOf,
  transferRefused,
  transferRetryRequested,
  transferred,
  type RecoveryOrder,
  type RecoveryState,
} from '../../domain/recovery';

const order: RecoveryOrder = {
  recoveryId: 'REC-AUD-220100-A1',
  source: { type: 'AUDIT', id: 'A1' },
  amountFen: 88_000,
  debtor: 'H110000002',
  debtorRegion: '110000',
  insuredRegion: '220100',
  treatmentRegion: '110000',
  scheme: 'RESIDENT',
  reason: '审核扣款：超量开药',
  fines: [],
};

function collected(): RecoveryState {
  const ordered = scheduleOrder(openRecovery(order, '2026-03-02'), 30, order).state;
  return paymentChecked(debtorNotified(ordered, 'R-1', order).state, { confirmed: true, amountFen: 88_000 }, '2026-03-10', order).state;
}
const REFUSAL = 'POST /finance/transfers: agency rejected the request with 422: ACCOUNT_FROZEN';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('RC-3, RC-4 a refused transfer', () => {
  it('RC-4: the first request carries <id>:transfer, each clerk retry a new key', () => {
    expect(transferKeyOf('REC-X', 0)).toBe('REC-X:transfer');
    expect(transferKeyOf('REC-X', 1)).toBe('REC-X:transfer:retry-1');
    expect(transferKeyOf('REC-X', 2)).toBe('REC-X:transfer:retry-2');
    expect(transferKeyFor(collected())).toBe('REC-AUD-220100-A1:transfer');
    // A case begun before retries existed has no counter: its key is the one it always sent.
    const { transferRetries: _none, ...legacy } = collected();
    expect(transferKeyFor(legacy)).toBe('REC-AUD-220100-A1:transfer');
  });

  it('RC-3: a refusal stops the case as TRANSFER_REFUSED, records what finance said and escalates to the province once', () => {
    const t = transferRefused(collected(), REFUSAL, '2026-03-10', order);
    expect(t.state).toMatchObject({
      status: 'TRANSFER_REFUSED',
      transfer: null,
      transferRefusal: { refusedOn: '2026-03-10', reason: REFUSAL, key: 'REC-AUD-220100-A1:transfer' },
      escalations: 1,
    });
    expect(t.event).toEqual({
      type: 'TRANSFER_REFUSED',
      rule: 'RC-3, RC-4',
      data: {
        transferId: 'TRF-REC-AUD-220100-A1',
        fromAccount: 'COLLECTION-110000',
        toAccount: 'FUND-220100-RESIDENT',
        amountFen: 88_000,
        key: 'REC-AUD-220100-A1:transfer',
        reason: REFUSAL,
        attempt: 1,
      },
    });
    expect(t.effects).toEqual([
      {
        type: 'ESCALATE',
        escalation: 1,
        to: '220000',
        reason: expect.stringContaining('finance refused the transfer of 88000 fen to FUND-220100-RESIDENT'),
      },
    ]);
    // Nothing is booked: the ledger keeps the money in the collection account. No deadline runs.
    expect(t.effects.some((e) => e.type === 'BOOK')).toBe(false);
    expect(nextRecoveryDeadline(t.state)).toBeNull();
    // It is no longer waiting for the debtor's money.
    expect(codeOf(() => checkPaymentReport(t.state.id, t.state.status))).toBe('RECOVERY_NOT_AWAITING_PAYMENT');
  });

  it('RC-3, RC-4: a clerk retry goes back to COLLECTED under the next key; the transfer order (transferId) is unchanged', () => {
    const refused = transferRefused(collected(), REFUSAL, '2026-03-10', order).state;
    const retry = transferRetryRequested(refused, '已与财务核实账户已解冻');
    expect(retry.state).toMatchObject({ status: 'COLLECTED', transferRefusal: null, transferRetries: 1 });
    expect(retry.event).toEqual({
      type: 'TRANSFER_RETRY_REQUESTED',
      rule: 'RC-3, RC-4',
      data: { retry: 1, key: 'REC-AUD-220100-A1:transfer:retry-1' },
      note: '已与财务核实账户已解冻',
    });
    expect(transferKeyFor(retry.state)).toBe('REC-AUD-220100-A1:transfer:retry-1');
    expect(transferOrderOf(order).transferId).toBe('TRF-REC-AUD-220100-A1');

    // Refused again: the second refusal names the key it was sent under, escalates again.
    const again = transferRefused(retry.state, REFUSAL, '2026-03-11', order);
    expect(again.state.transferRefusal).toMatchObject({ key: 'REC-AUD-220100-A1:transfer:retry-1' });
    expect(again.event?.data).toMatchObject({ attempt: 2 });
    expect(again.state.escalations).toBe(2);
    const second = transferRetryRequested(again.state).state;
    expect(transferKeyFor(second)).toBe('REC-AUD-220100-A1:transfer:retry-2');

    const done = transferred(second, '2026-03-12T10:00:00.000+08:00', order).state;
    expect(done).toMatchObject({ status: 'TRANSFERRED', transferRefusal: null, transferRetries: 2 });
  });

  it.each(['ORDERED', 'AWAITING_PAYMENT', 'ESCALATED', 'COLLECTED', 'TRANSFERRED', 'RECONCILED', 'CLOSED'] as const)(
    'RC-3: no retry while %s (nothing was refused)',
    (status) => {
      const state = { ...collected(), status };
      expect(codeOf(() => checkTransferRetry(state))).toBe('RECOVERY_NOT_TRANSFER_REFUSED');
      expect(codeOf(() => transferRetryRequested(state))).toBe('RECOVERY_NOT_TRANSFER_REFUSED');
    },
  );
});
