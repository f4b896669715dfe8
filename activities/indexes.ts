import type mongoose from 'mongoose';
import { ensureIndexes } from '../models/connection';
import { filingViewModel } from '../models/filingView';
import { auditEventModel } from '../models/auditEvent';
import { commitmentBarModel } from '../models/personBar';
import { settlementRecordModel } from '../models/settlementRecord';
import { caseModelsForIndexes } from './caseIndexes';

/** Unique indexes make activity writes idempotent, so they must exist before the first task. */
export async function ensureWorkerIndexes(db: mongoose.Connection): Promise<void> {
  await ensureIndexes([
    filingViewModel(db),
    auditEventModel(db),
    commitmentBarModel(db),
    settlementRecordModel(db),
    ...caseModelsForIndexes(db),
  ]);
}
