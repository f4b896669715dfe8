// Idempotency-Key records: one per (scope, key), whose _id is a hash of the two, so claiming
// a key is an insert against the primary key and finding it a primary-key lookup on every
// backend. That unique _id is what makes "same key, same result" hold across API replicas
// without transactions.
import { createHash } from 'node:crypto';
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface IdempotencyRecord {
  /** idempotencyRecordId(scope, key). */
  _id: string;
  /** agencyId + method + route: keys are per caller and per endpoint. */
  scope: string;
  key: string;
  requestHash: string;
  state: 'IN_PROGRESS' | 'DONE';
  status?: number;
  body?: unknown;
  createdAt: Date;
  /** End of the published window (IDEMPOTENCY_TTL_HOURS): after it the key is forgotten. */
  expiresAt?: Date;
}

const idempotencySchema = new Schema<IdempotencyRecord>(
  {
    _id: { type: String },
    scope: { type: String, required: true },
    key: { type: String, required: true },
    requestHash: { type: String, required: true },
    state: { type: String, enum: ['IN_PROGRESS', 'DONE'], required: true },
    status: { type: Number },
    body: { type: Schema.Types.Mixed },
    createdAt: { type: Date, default: () => new Date() },
    expiresAt: { type: Date },
  },
  { collection: 'idempotency_records', versionKey: false },
);
// MongoDB deletes a record once its window is over; FerretDB builds no TTL index, so the store
// also treats an expired record as absent and deletes expired records itself (api/http/idempotency.ts).
idempotencySchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export function idempotencyModel(connection: mongoose.Connection) {
  return modelOn<IdempotencyRecord>(connection, 'IdempotencyRecord', idempotencySchema);
}

/** The record's _id: fixed length whatever the caller's key, and the scope cannot bleed into the key. */
export function idempotencyRecordId(scope: string, key: string): string {
  return createHash('sha256')
    .update(JSON.stringify([scope, key]))
    .digest('base64url');
}
