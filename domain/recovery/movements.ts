// The money of one recovery as the ledger and finance see it (RC-1, RC-4). Built from the order
// and the collection day only, so every retry, replay or continued run names the same
// movements, the same transfer and the same reconciliation: nothing is booked twice.
import { collectionAccountOf, debtorLabel, fundAccountOf, receivableAccountOf, transferIdOf } from './accounts';
import type { Movement } from './ledger';
import type { RecoveryOrder } from './types';
import type { IsoDate } from '../time';

/** The debtor's payment arrives in the collecting agency's account (RC-3 collect). */
export function collectMovement(order: RecoveryOrder, bookedOn: IsoDate): Movement {
  return {
    recoveryId: order.recoveryId,
    step: 'COLLECT',
    debitAccount: collectionAccountOf(order.debtorRegion),
    creditAccount: receivableAccountOf(order),
    amountFen: order.amountFen,
    origin: { type: order.source.type, id: order.source.id },
    bookedOn,
    memo: `payment by ${debtorLabel(order.debtor)} confirmed by finance`,
  };
}

/** RC-1: the collected fund money goes back to the fund account that paid; fines never move. */
export function transferMovement(order: RecoveryOrder, bookedOn: IsoDate): Movement {
  const targetAccount = fundAccountOf(order.insuredRegion, order.scheme);
  return {
    recoveryId: order.recoveryId,
    step: 'TRANSFER',
    debitAccount: targetAccount,
    creditAccount: collectionAccountOf(order.debtorRegion),
    amountFen: order.amountFen,
    origin: { type: order.source.type, id: order.source.id },
    bookedOn,
    memo: `recovered fund money returned to ${targetAccount}`,
  };
}

/** RC-3, P-2: the debt is settled inside a clearing: the fund that paid pays that much less. */
export function offsetMovement(order: RecoveryOrder, clearingId: string, bookedOn: IsoDate): Movement {
  return {
    recoveryId: order.recoveryId,
    step: 'OFFSET',
    debitAccount: fundAccountOf(order.insuredRegion, order.scheme),
    creditAccount: receivableAccountOf(order),
    amountFen: order.amountFen,
    origin: { type: order.source.type, id: order.source.id },
    bookedOn,
    memo: `deducted from the payment of clearing ${clearingId}`,
  };
}

/** RC-4: the one transfer finance is asked for; its id makes a second one impossible. */
export function transferOrderOf(order: RecoveryOrder) {
  return {
    transferId: transferIdOf(order.recoveryId),
    fromAccount: collectionAccountOf(order.debtorRegion),
    toAccount: fundAccountOf(order.insuredRegion, order.scheme),
    amountFen: order.amountFen,
    purpose: `RC-1 recovery ${order.recoveryId}: ${order.reason}`.slice(0, 2000),
    origin: { type: order.source.type, id: order.source.id },
  };
}

/** RC-3 reconcile: what finance and the ledger must show once the money was transferred. */
export function reconciliationRequestOf(order: RecoveryOrder, collectedOn: IsoDate) {
  const transfer = transferOrderOf(order);
  return {
    recoveryId: order.recoveryId,
    transferId: transfer.transferId,
    expected: { fromAccount: transfer.fromAccount, toAccount: transfer.toAccount, amountFen: order.amountFen },
    movements: [collectMovement(order, collectedOn), transferMovement(order, collectedOn)],
  };
}
