// GET /metrics for a Prometheus scraper. Mounted ahead of everything else in the app (api/app.ts):
// a scrape is neither logged, nor rate limited, nor observed, and a scraper with a wrong token is
// answered here, never counted as a rejection in the M-2 daily error report. With METRICS_TOKEN set
// the scraper sends it as a bearer token; without it the endpoint is open and belongs on the
// internal network only (docs/API.md).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, Request, Response, NextFunction } from 'express';
import { DomainError } from '../../domain/errors';
import { renderError } from '../http/problem';
import { observeRequests, registry } from '../http/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request carries the token (compared in constant time), or none is configured. */
export function scraperAllowed(req: Request, token: string | undefined): boolean {
  if (!token) return true;
  const sent = /^Bearer\s+(\S+)$/i.exec(req.header('Authorization')?.trim() ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}

/** GET /metrics, then the observer of every later request. */
export function mountMetrics(app: Express, token: string | undefined): void {
  app.get('/metrics', async (req: Request, res: Response, next: NextFunction) => {
    try {
      if (!scraperAllowed(req, token)) {
        const hint = { hint: 'Authorization: Bearer <METRICS_TOKEN>' };
        const rendered = renderError(new DomainError(req.header('Authorization') ? 'AUTH_INVALID' : 'AUTH_MISSING', hint));
        res.status(rendered.status).json(rendered.body);
        return;
      }
      res.type(registry.contentType).send(await registry.metrics());
    } catch (err) {
      next(err);
    }
  });
  app.use(observeRequests);
}
