// The finance department's accounts system: fund accounts, transfers between them
// (RC-1 recovered money back to the paying fund; P-1 advances and clearing) and
// confirmation of debtors' payments (RC-3 collect).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { CollectionConfirmSchema, TransferRequestSchema } from '../../activities/agencyContract';
import type { RouteKit } from './pipeline';
import { errorReply, valid } from './pipeline';
import type { SimulatorState } from './state';

const finance = (): string => 'finance';
const Id = z.string().min(1).max(200);
const TransferQuery = z.object({ transferId: Id.optional(), originType: Id.optional(), originId: Id.optional() });

export function financeRoutes({ readRoute, writeRoute }: RouteKit, state: SimulatorState): Router {
  const router = Router();

  router.post(
    '/finance/transfers',
    writeRoute(finance, (req) => {
      const request = valid(TransferRequestSchema, req.body);
      const existing = state.findTransfer(request.transferId);
      if (existing) {
        // Same transferId under another key: the business id also guards against a double
        // movement. Identical content -> the recorded transfer; anything else -> refuse.
        const same =
          existing.fromAccount === request.fromAccount &&
          existing.toAccount === request.toAccount &&
          existing.amountFen === request.amountFen;
        if (same) return { status: 200, body: existing };
        return errorReply(
          409,
          'TRANSFER_ID_CONFLICT',
          'CONFLICT',
          'A different transfer with this transferId already exists',
          '已存在使用该 transferId 的不同划转',
          { existing },
        );
      }
      return { status: 201, body: state.transfer(request) };
    }),
  );

  router.get(
    '/finance/transfers',
    readRoute((req) => ({ status: 200, body: { transfers: state.listTransfers(valid(TransferQuery, req.query)) } })),
  );

  router.get(
    '/finance/accounts/:account',
    readRoute((req) => {
      const account = valid(Id, req.params.account);
      return { status: 200, body: { account, balanceFen: state.balance(account) } };
    }),
  );

  router.post(
    '/finance/collections/:recoveryId/confirm',
    writeRoute(finance, (req) => {
      const recoveryId = valid(Id, req.params.recoveryId);
      const { amountFen } = valid(CollectionConfirmSchema, req.body);
      return { status: 201, body: collectionView(state.confirmCollection(recoveryId, amountFen)) };
    }),
  );

  router.get(
    '/finance/collections/:recoveryId',
    readRoute((req: Request) => ({ status: 200, body: collectionView(state.collection(valid(Id, req.params.recoveryId))) })),
  );

  return router;
}

/** Payments accumulate: a debtor may pay in parts; amountFen is the total confirmed so far. */
function collectionView(collection: ReturnType<SimulatorState['collection']>) {
  const amountFen = collection.payments.reduce((sum, p) => sum + p.amountFen, 0);
  return { recoveryId: collection.recoveryId, confirmed: collection.payments.length > 0, amountFen, payments: collection.payments };
}
