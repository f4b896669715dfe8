// GET /console: the web console (U-1..U-5), a single-page app built by scripts/buildConsole.ts into
// console/dist. Files are served as they are; any other GET under /console that names no file
// (a client-side route such as /console/filings/FIL-1) gets index.html. Everything else falls
// through to the API's 404 catalogue error, so unknown paths still answer ROUTE_NOT_FOUND.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';

export const CONSOLE_DIST = path.resolve(__dirname, '..', '..', 'console', 'dist');

export function mountConsole(app: Express, dist = CONSOLE_DIST): void {
  const index = path.join(dist, 'index.html');
  // Built assets carry a content hash in their names: cache them for good; index.html never.
  app.use(
    '/console/assets',
    express.static(path.join(dist, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true }),
  );
  app.use('/console', express.static(dist, { index: false, fallthrough: true }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path !== '/console' && !req.path.startsWith('/console/')) return next();
    // A missing file (a name with an extension, or anything under assets/) is a plain 404.
    if (req.path.startsWith('/console/assets/') || path.posix.basename(req.path).includes('.')) return next();
    if (!fs.existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The console is not built yet: `npm start` builds it, or run `npx tsx scripts/buildConsole.ts`.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
