import type mongoose from 'mongoose';
import { ensureIndexes } from '../models/connection';
import { apiKeyModel } from '../models/apiKey';
import { idempotencyModel } from '../models/idempotencyRecord';
import { auditEventModel } from '../models/auditEvent';
import { rejectionModel } from '../models/errorTally';
import { filingViewModel } from '../models/filingView';
import { commitmentBarModel } from '../models/personBar';
import { settlementRecordModel } from '../models/settlementRecord';
import { accumulatorChargeModel } from '../models/accumulator';

/** Unique indexes carry idempotency and S-5 (one charge per settlement), so they must exist before the first request. */
export async function ensureApiIndexes(db: mongoose.Connection): Promise<void> {
  await ensureIndexes([
    apiKeyModel(db),
    idempotencyModel(db),
    auditEventModel(db),
    rejectionModel(db),
    filingViewModel(db),
    commitmentBarModel(db),
    settlementRecordModel(db),
    accumulatorChargeModel(db),
  ]);
}
