// The API's Prometheus metrics: every answered request by route pattern and status (never the
// concrete path, which may hold an ID number), settlements stored and reversed, rejections by
// catalogue code, and cases started by kind. One registry per process, served by GET /metrics
// (api/routes/metrics.ts); the worker exports the Temporal SDK's own metrics (worker.ts).
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { catalogue } from '../../domain/errors';
import type { CaseKind } from '../../workflows/searchAttributes';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requests = new Counter({
  name: 'http_requests_total',
  help: 'Requests answered, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
const latency = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer a request, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});
const settlements = new Counter({
  name: 'settlements_total',
  help: 'Settlements stored (direct), reimbursed (manual) and reversed; retries answered from the first result are not counted',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
const rejections = new Counter({
  name: 'rejections_total',
  help: 'Requests refused, by E-1 catalogue code, category and HTTP status',
  labelNames: ['code', 'category', 'status'] as const,
  registers: [registry],
});
const casesStarted = new Counter({
  name: 'cases_started_total',
  help: 'Case workflows started through the API, by kind (children and scheduled runs are started by the worker)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

/** Routes whose first 201 is a settlement event (a replay carries Idempotent-Replay and is not counted). */
const SETTLEMENT_ROUTES: Record<string, 'stored' | 'reimbursed' | 'reversed'> = {
  'POST /api/v1/settlements': 'stored',
  'POST /api/v1/reimbursements': 'reimbursed',
  'POST /api/v1/settlements/:id/reversal': 'reversed',
};

/** The route pattern that answered (`/api/v1/filings/:id`), or a fixed word when no route did. */
export function routeOf(req: Request): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : '(unrouted)';
}

/** Counts a case workflow the API started (api/services: filings, inquiries, recoveries, clearings). */
export function countCaseStarted(kind: CaseKind): void {
  casesStarted.inc({ kind });
}

/** Express middleware: observes every answer once it is sent. */
export function observeRequests(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const route = routeOf(req);
    const labels = { method: req.method, route, status: String(res.statusCode) };
    requests.inc(labels);
    latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    const code = res.locals.errorCode as string | undefined;
    if (code) rejections.inc({ code, category: catalogue[code]?.category ?? 'INTERNAL', status: labels.status });
    const settlement = SETTLEMENT_ROUTES[`${req.method} ${route}`];
    if (settlement && res.statusCode === 201 && res.getHeader('Idempotent-Replay') !== 'true') settlements.inc({ outcome: settlement });
  });
  next();
}
