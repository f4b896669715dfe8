// Test control under /__: switch faults on and off, inspect the received calls, seed
// balances, start over. Never faulted, never recorded, no Idempotency-Key needed.
import { Router } from 'express';
import { z } from 'zod';
import type { CallLog } from './callLog';
import { FaultSpecSchema, type FaultRegistry } from './faults';
import type { IdempotencyStore } from './idempotency';
import type { SimulatorState } from './state';

const CallsQuery = z.object({ pathPrefix: z.string().optional(), method: z.string().optional() });
const BalanceBody = z.object({ balanceFen: z.number().int() });

export interface ControlDeps {
  state: SimulatorState;
  faults: FaultRegistry;
  calls: CallLog;
  idempotency: IdempotencyStore;
}

export function controlRoutes({ state, faults, calls, idempotency }: ControlDeps): Router {
  const router = Router();

  router.post('/__faults', (req, res) => {
    const spec = FaultSpecSchema.safeParse(req.body);
    if (!spec.success) return void res.status(400).json(invalid(spec.error));
    res.status(201).json(faults.add(spec.data));
  });
  router.get('/__faults', (_req, res) => void res.json({ faults: faults.list() }));
  router.delete('/__faults', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  router.delete('/__faults/:faultId', (req, res) => void res.status(faults.remove(req.params.faultId) ? 204 : 404).end());

  router.get('/__calls', (req, res) => {
    const query = CallsQuery.safeParse(req.query);
    if (!query.success) return void res.status(400).json(invalid(query.error));
    res.json({ calls: calls.list(query.data) });
  });
  router.delete('/__calls', (_req, res) => {
    calls.clear();
    res.status(204).end();
  });

  router.put('/__accounts/:account', (req, res) => {
    const body = BalanceBody.safeParse(req.body);
    if (!body.success) return void res.status(400).json(invalid(body.error));
    state.setBalance(req.params.account, body.data.balanceFen);
    res.json({ account: req.params.account, balanceFen: body.data.balanceFen });
  });

  router.post('/__reset', (_req, res) => {
    state.reset();
    faults.clear();
    calls.clear();
    idempotency.clear();
    res.status(204).end();
  });

  return router;
}

function invalid(error: z.ZodError) {
  return {
    error: {
      code: 'VALIDATION',
      category: 'VALIDATION',
      message: { zh: '请求无效', en: 'Invalid request' },
      details: { issues: error.issues },
    },
  };
}
