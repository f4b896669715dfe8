// Idempotency-Key records: the unique (scope, key) index is what makes "same key, same
// result" hold across API replicas without transactions.
import mongoose, { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface IdempotencyRecord {
  /** agencyId + method + route: keys are per caller and per endpoint. */
  scope: string;
  key: string;
  requestHash: string;
  state: 'IN_PROGRESS' | 'DONE';
  status?: number;
  body?: unknown;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyRecord>(
  {
    scope: { type: String, required: true },
    key: { type: String, required: true },
    requestHash: { type: String, required: true },
    state: { type: String, enum: ['IN_PROGRESS', 'DONE'], required: true },
    status: { type: Number },
    body: { type: Schema.Types.Mixed },
    createdAt: { type: Date, default: () => new Date() },
  },
  { collection: 'idempotency_records', versionKey: false },
);
idempotencySchema.index({ scope: 1, key: 1 }, { unique: true });

export function idempotencyModel(connection: mongoose.Connection) {
  return modelOn<IdempotencyRecord>(connection, 'IdempotencyRecord', idempotencySchema);
}
