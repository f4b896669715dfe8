// Test control under /__: switch faults on and off, inspect the received calls, seed
// balances, start over. Never faulted, never recorded, no Idempotency-Key needed.
// Also the fault middleware for faults that need the whole request (requestFaults below).
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { CallLog } from './callLog';
import { applyFault, FaultSpecSchema, refusalBody, type FaultRegistry } from './faults';
import { fingerprint, type IdempotencyStore } from './idempotency';
import { callOf } from './pipeline';
import type { SimulatorState } from './state';

const CallsQuery = z.object({ pathPrefix: z.string().optional(), method: z.string().optional() });
const BalanceBody = z.object({ balanceFen: z.number().int() });

export interface ControlDeps {
  state: SimulatorState;
  faults: FaultRegistry;
  calls: CallLog;
  idempotency: IdempotencyStore;
}

/** The Idempotency-Key space of the system a path belongs to (as agencyRoutes and financeRoutes scope theirs). */
function keyScopeOf(path: string): string | null {
  if (path.startsWith('/finance/')) return 'finance';
  const agency = /^\/agencies\/(\d{6})\//.exec(path);
  return agency ? `agency:${agency[1]}` : null;
}

/**
 * Refusals and key-matched faults (faults.ts), applied after the server's own fault middleware
 * and before any route. A refusal is remembered under the request's key like any business answer,
 * so the same key is refused again; a key already answered is left to the route to replay.
 */
function requestFaults({ faults, idempotency }: Pick<ControlDeps, 'faults' | 'idempotency'>): RequestHandler {
  return (req, res, next) => {
    const call = callOf(res);
    if (req.path.startsWith('/__') || !call || call.fault) return next();
    const key = req.get('Idempotency-Key') ?? null;
    const scope = keyScopeOf(req.path);
    const print = fingerprint(req.method, req.baseUrl + req.path, req.body);
    if (key && scope && idempotency.lookup(scope, key, print).found) return next();
    const fault = faults.takeForRequest(req.method, req.path, key);
    if (!fault) return next();
    call.fault = { faultId: fault.faultId, mode: fault.mode, afterProcessing: false };
    if (fault.mode !== 'refuse') {
      call.outcome = 'not-processed';
      return applyFault(fault, req, res, next, new Set()); // 'error' only: no timers
    }
    const reply = { status: fault.status, body: refusalBody(fault) };
    if (key && scope) idempotency.remember(scope, key, print, reply);
    call.outcome = 'rejected';
    res.status(reply.status).json(reply.body);
  };
}

export function controlRoutes({ state, faults, calls, idempotency }: ControlDeps): Router {
  const router = Router();
  router.use(requestFaults({ faults, idempotency }));

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
