// The express application: parsing, request ids and logs, the routes of every area, the
// contract document, and the one error handler that renders the E-1 catalogue.
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { AppContext } from './context';
import { mountMethodNotAllowed, mountRoute, type RouteSpec } from './http/route';
import { addressLimit, RateLimited } from './http/rateLimit';
import { renderError, ReplayedRefusal } from './http/problem';
import { createRegistry, generateDocument } from './openapi';
import { mountDocs } from './routes/docs';
import { mountConsole } from './routes/console';
import { mountMetrics } from './routes/metrics';
import { mountCodecCors } from './routes/codec';
import { routeOf } from './http/metrics';
import { DomainError } from '../domain/errors';
import { isoDateInShanghai } from '../domain/time';

export function createApp(ctx: AppContext, routes: RouteSpec<any, any, any>[]): express.Express {
  const app = express();
  app.locals.ctx = ctx;
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // First: a scrape is not logged, limited or observed; every other answer is observed once sent.
  mountMetrics(app, ctx.config.METRICS_TOKEN);
  mountCodecCors(app, ctx.config.CODEC_CORS_ORIGINS);

  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = req.header('X-Request-Id') ?? randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      if (req.path === '/healthz') return;
      ctx.logger.info('request', {
        requestId,
        method: req.method,
        // The pattern, never the path: a path may hold an ID number.
        route: routeOf(req),
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        agency: res.locals.agencyId,
        errorCode: res.locals.errorCode,
      });
    });
    next();
  });
  app.use(addressLimit(ctx.limits));
  app.use(express.json({ limit: '1mb', strict: true, type: ['application/json', 'application/*+json'] }));

  const registry = createRegistry();
  const router = express.Router();
  for (const route of routes) mountRoute(router, registry, route);
  mountMethodNotAllowed(router, routes);
  let document: object | undefined;
  mountDocs(router, () => (document ??= generateDocument(registry)));
  app.use(router);
  mountConsole(app);

  app.use((req: Request, _res: Response, next: NextFunction) =>
    next(new DomainError('ROUTE_NOT_FOUND', { method: req.method, path: req.path })),
  );
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const rendered = renderError(err);
    if (err instanceof ReplayedRefusal) res.setHeader('Idempotent-Replay', 'true');
    if (err instanceof RateLimited) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    rendered.body.error.requestId = res.locals.requestId;
    res.locals.errorCode = rendered.body.error.code;
    // M-2: count it for the daily error report; counting must never fail the answer itself.
    void ctx.clock
      .nowMs()
      .then((now) =>
        ctx.rejections.record({
          day: isoDateInShanghai(now),
          code: rendered.body.error.code,
          category: rendered.body.error.category,
          status: rendered.status,
          route: `${req.method} ${routeOf(req)}`,
          agencyId: res.locals.agencyId ?? 'anonymous',
          at: new Date(now),
        }),
      )
      .catch((countErr: unknown) => ctx.logger.warn('error tally failed', { error: String(countErr) }));
    if (rendered.status >= 500) {
      ctx.logger.error('request failed', {
        requestId: res.locals.requestId,
        route: routeOf(req),
        error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      });
    }
    res.status(rendered.status).json(rendered.body);
  });
  return app;
}
