// What the contract this console was built against says about a request field (the OpenAPI
// document generated with the client types): its allowed values, and whether it exists at all.
// Forms offer exactly the values the API accepts, and send only fields the API knows.
import document from './generated/openapi.json';

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  $ref?: string;
}

const schemas = (document as { components?: { schemas?: Record<string, SchemaNode> } }).components?.schemas ?? {};

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  if (node?.$ref) return schemas[node.$ref.split('/').pop() ?? ''];
  return node;
}

function fieldOf(schema: string, path: readonly string[]): SchemaNode | undefined {
  let node = resolve(schemas[schema]);
  for (const key of path) node = resolve(node?.properties?.[key]);
  return node;
}

/** The values a field accepts, or null when it takes free text (or does not exist). */
export function enumOf(schema: string, path: readonly string[]): string[] | null {
  const values = fieldOf(schema, path)?.enum;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : null;
}

export function hasField(schema: string, path: readonly string[]): boolean {
  return fieldOf(schema, path) !== undefined;
}
