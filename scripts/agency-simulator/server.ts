// Agency simulator: stands in for the treatment-region agencies, the provincial agency
// and the finance/accounts system in dev and tests, with switchable faults (faults.ts)
// and Idempotency-Key semantics (idempotency.ts). All state is in memory.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { agencyRoutes } from './agencyRoutes';
import { CallLog } from './callLog';
import { controlRoutes } from './controlRoutes';
import { applyFault, FaultRegistry, type TimerSet } from './faults';
import { financeRoutes } from './financeRoutes';
import { clearingRoutes } from './clearingRoutes';
import { IdempotencyStore } from './idempotency';
import { callOf, errorReply, routeKit, setAfterFault, setCall } from './pipeline';
import { SimulatorState } from './state';

export interface AgencySimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
}

export interface AgencySimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Control and health paths are never recorded and never faulted. */
const isInfrastructure = (path: string): boolean => path.startsWith('/__') || path === '/healthz';

export async function startAgencySimulator(options: AgencySimulatorOptions = {}): Promise<AgencySimulator> {
  const state = new SimulatorState();
  const idempotency = new IdempotencyStore();
  const faults = new FaultRegistry();
  const calls = new CallLog();
  const timers: TimerSet = new Set();
  const kit = routeKit(idempotency, timers);

  const record: RequestHandler = (req, res, next) => {
    if (isInfrastructure(req.path)) return next();
    const call = calls.start(req.method, req.path, req.get('Idempotency-Key') ?? null);
    setCall(res, call);
    res.on('finish', () => {
      call.status = res.statusCode;
    });
    next();
  };

  const captureBody: RequestHandler = (req, res, next) => {
    const call = callOf(res);
    if (call) call.body = req.body ?? null;
    next();
  };

  const injectFault: RequestHandler = (req, res, next) => {
    const call = callOf(res);
    const fault = call && faults.take(req.method, req.path);
    if (!call || !fault) return next();
    call.fault = { faultId: fault.faultId, mode: fault.mode, afterProcessing: fault.afterProcessing };
    if (fault.afterProcessing) {
      setAfterFault(res, fault); // the route runs, then the pipeline spoils its response
      return next();
    }
    if (fault.mode !== 'slow') call.outcome = 'not-processed';
    applyFault(fault, req, res, () => next(), timers);
  };

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    const call = callOf(res);
    if (call) call.outcome = 'rejected';
    const reply =
      status === 500
        ? errorReply(500, 'SIMULATOR_ERROR', 'UPSTREAM', String(error?.message ?? error), '模拟器内部错误')
        : errorReply(status, 'VALIDATION', 'VALIDATION', `Unreadable request body: ${error?.message ?? ''}`, '请求体无法解析');
    res.status(reply.status).json(reply.body);
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(record);
  app.use(express.json({ limit: '1mb' }));
  app.use(captureBody);
  app.use(injectFault);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.use(controlRoutes({ state, faults, calls, idempotency }));
  app.use(agencyRoutes(kit, state));
  app.use(financeRoutes(kit, state));
  app.use(clearingRoutes(kit));
  app.use((req, res) => {
    const call = callOf(res);
    if (call) call.outcome = 'rejected';
    const reply = errorReply(404, 'NOT_FOUND', 'NOT_FOUND', `No such endpoint: ${req.method} ${req.path}`, '接口不存在');
    res.status(reply.status).json(reply.body);
  });
  app.use(onError);

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // held 'timeout' requests and idle keep-alive sockets
      }),
  };
}
