// Idempotency-Key store, the behaviour real agency systems promise: the same key with the
// same request returns the first response and changes nothing; the same key with a
// different request is a client bug and gets 409.
// Keys are scoped per system (each agency region, finance) because those are separate
// systems in reality: a key sent to region A says nothing about region B.
export interface StoredReply {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  reply: StoredReply;
}

export type Lookup = { found: false } | { found: true; sameRequest: boolean; reply: StoredReply };

export class IdempotencyStore {
  private entries = new Map<string, Entry>();

  lookup(scope: string, key: string, fingerprint: string): Lookup {
    const entry = this.entries.get(entryKey(scope, key));
    if (!entry) return { found: false };
    return { found: true, sameRequest: entry.fingerprint === fingerprint, reply: entry.reply };
  }

  remember(scope: string, key: string, fingerprint: string, reply: StoredReply): void {
    this.entries.set(entryKey(scope, key), { fingerprint, reply });
  }

  clear(): void {
    this.entries.clear();
  }
}

function entryKey(scope: string, key: string): string {
  return `${scope}\u0000${key}`;
}

/** Method, path and body with object keys sorted, so key order on the wire does not matter. */
export function fingerprint(method: string, path: string, body: unknown): string {
  return `${method} ${path} ${canonicalJson(body ?? null)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
