// Idempotency-Key on writes (API.md): the first request with a key is executed and its
// response stored; the same key and body later returns that response and changes nothing;
// the same key with another body is a conflict. Built on a unique index, not a transaction.
import { createHash } from 'node:crypto';
import type mongoose from 'mongoose';
import { idempotencyModel, idempotencyRecordId } from '../../models/idempotencyRecord';
import { insertOnce } from '../../models/writes';
import { DomainError } from '../../domain/errors';

/** A claim older than this is taken to belong to a crashed request and may be taken over. */
const STALE_CLAIM_MS = 60_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(stableStringify(body ?? null))
    .digest('hex');
}

export class IdempotencyStore {
  /** @param windowMs how long an answer is kept and replayed (IDEMPOTENCY_TTL_HOURS, docs/API.md). */
  constructor(
    private readonly connection: mongoose.Connection,
    private readonly windowMs = 72 * 3_600_000,
  ) {}

  /** Deletes the records whose window is over (MongoDB's TTL index does it too; FerretDB has none). */
  async purgeExpired(now = Date.now()): Promise<number> {
    const result = await this.model.deleteMany({ expiresAt: { $lt: new Date(now) } });
    return result.deletedCount;
  }

  private get model() {
    return idempotencyModel(this.connection);
  }

  async claim(scope: string, key: string, hash: string): Promise<Claim> {
    const _id = idempotencyRecordId(scope, key);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.windowMs);
    if (await insertOnce(this.model, { _id, scope, key, requestHash: hash, state: 'IN_PROGRESS', createdAt: now, expiresAt }))
      return { kind: 'claimed' };
    const existing = await this.model.findById(_id).lean();
    if (!existing) return this.claim(scope, key, hash);
    // Past its window the key is forgotten: the request runs as a new one (docs/API.md).
    if (existing.expiresAt && new Date(existing.expiresAt).getTime() <= now.getTime()) {
      await this.model.deleteOne({ _id, expiresAt: existing.expiresAt });
      return this.claim(scope, key, hash);
    }
    if (existing.requestHash !== hash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', { key });
    if (existing.state === 'DONE') return { kind: 'replay', response: { status: existing.status ?? 200, body: existing.body } };
    const stale = Date.now() - new Date(existing.createdAt).getTime() > STALE_CLAIM_MS;
    if (stale) {
      const taken = await this.model.findOneAndUpdate(
        { _id, state: 'IN_PROGRESS', createdAt: existing.createdAt },
        { $set: { createdAt: new Date() } },
      );
      if (taken) return { kind: 'claimed' };
    }
    throw new DomainError('IDEMPOTENCY_IN_PROGRESS', { key });
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.model.updateOne(
      { _id: idempotencyRecordId(scope, key) },
      { $set: { state: 'DONE', status: response.status, body: response.body } },
    );
  }

  /** A request that failed for a transient reason gives its key back so a retry can run. */
  async release(scope: string, key: string): Promise<void> {
    await this.model.deleteOne({ _id: idempotencyRecordId(scope, key), state: 'IN_PROGRESS' });
  }
}
