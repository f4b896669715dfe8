// What the API serves right now, read from its OpenAPI document: pages whose endpoints are not
// served yet (clearing, advances, monitoring indicators, ...) show that instead of failing, and
// appear by themselves once the API serves them. Operations are written "GET /api/v1/clearings".
export type Capabilities = ReadonlySet<string>;

export async function loadCapabilities(): Promise<Capabilities> {
  const response = await fetch(`${window.location.origin}/api/v1/openapi.json`);
  if (!response.ok) return new Set();
  const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
  const ops = new Set<string>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const method of Object.keys(methods)) ops.add(`${method.toUpperCase()} ${path}`);
  }
  return ops;
}
