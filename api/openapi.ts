// The contract document, generated from the same route declarations and zod schemas that
// validate requests (API.md: it cannot drift).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key of one agency (region code + role). Dev keys: see README.',
  });
  return registry;
}

export function generateDocument(registry: OpenAPIRegistry): object {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Cross-region medical insurance direct settlement engine (异地就医直接结算)',
      version: '1.0.0',
      description:
        'Inter-agency coordination: filings, real-time settlement, expense inquiry and issue collaboration, recovery. Money is integer fen; dates YYYY-MM-DD (Asia/Shanghai).',
    },
    servers: [{ url: '/' }],
  });
}
