// /docs: Swagger UI served from the swagger-ui-dist package (no CDN: the machine is offline).
import express, { type Router } from 'express';
import path from 'node:path';

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>异地就医直接结算 API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

export function mountDocs(router: Router, document: () => object): void {
  const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  router.get('/api/v1/openapi.json', (_req, res) => res.json(document()));
  router.use('/docs/assets', express.static(assets, { index: false }));
  router.get('/docs', (_req, res) => res.type('html').send(page));
}
