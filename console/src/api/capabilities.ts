// What this server serves beyond the contract every server serves, read from its OpenAPI
// document: the dev routes (the simulation clock) exist only in simulation mode, so the console
// offers them only there. Operations are written "POST /api/v1/dev/clock/advance".
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
