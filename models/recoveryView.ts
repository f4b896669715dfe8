// Read model of recovery orders (same revision rule as the other views: newer wins).
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { saveNewerRevision } from './writes';

export interface RecoveryView {
  /** = recoveryId (primary-key lookups). */
  _id?: string;
  recoveryId: string;
  revision: number;
  status: string;
  amountFen: number;
  sourceType: string;
  sourceId: string;
  debtor: string;
  insuredRegion: string;
  treatmentRegion: string;
  targetAccount: string;
  dueDate: string;
  createdAt: string;
  updatedAt: string;
  document: unknown;
}

const recoveryViewSchema = new Schema<RecoveryView>(
  {
    // The case id itself, so reading one is a primary-key lookup (FerretDB indexes _id lookups).
    _id: { type: String },
    recoveryId: { type: String, required: true, unique: true },
    revision: { type: Number, required: true },
    status: { type: String, index: true },
    amountFen: Number,
    sourceType: String,
    sourceId: { type: String, index: true },
    debtor: String,
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    targetAccount: String,
    dueDate: String,
    createdAt: String,
    updatedAt: String,
    document: { type: Schema.Types.Mixed },
  },
  { collection: 'recovery_views', versionKey: false },
);

export function recoveryViewModel(connection: mongoose.Connection) {
  return modelOn<RecoveryView>(connection, 'RecoveryView', recoveryViewSchema);
}

export async function saveRecoveryView(connection: mongoose.Connection, view: RecoveryView): Promise<void> {
  await saveNewerRevision(recoveryViewModel(connection), view.recoveryId, view);
}
