// P-2, P-6 clearing records in MongoDB / FerretDB, all written as inserts against unique keys (no
// transactions, and FerretDB applies concurrent updates to one document non-atomically):
//  - clearing_locks: one per pair and period; once it exists the period is locked (P-6);
//  - clearing_items: which clearing counts each line. `S:<settlementId>` is claimed by the first
//    lock that counts the settlement, or by a reversal that comes first (voided: counted nowhere);
//    `R:<settlementId>` is the reversal adjustment of a settlement counted in an earlier clearing.
//    A unique key decides every race between a lock and a reversal: each line lands exactly once;
//  - clearing_carries: a deferred exception is carried into exactly one later clearing;
//  - clearing_offsets: a recovery is offset against exactly one clearing (RC-3);
//  - clearing_views: the read model of each clearing (newer revision wins).
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { insertOnce } from './writes';
import { saveNewerRevision } from './writes';
import type { ClearingLine } from '../domain/clearing/types';

export interface ClearingLock {
  /** `<insured>:<treatment>:<period>`. */
  _id: string;
  clearingId: string;
  insuredRegion: string;
  treatmentRegion: string;
  period: string;
  lockedAt: Date;
}

const lockSchema = new Schema<ClearingLock>(
  {
    _id: { type: String },
    clearingId: { type: String, required: true },
    insuredRegion: String,
    treatmentRegion: String,
    period: String,
    lockedAt: Date,
  },
  { collection: 'clearing_locks', versionKey: false },
);

export const lockIdOf = (insuredRegion: string, treatmentRegion: string, period: string): string =>
  `${insuredRegion}:${treatmentRegion}:${period}`;

export function clearingLockModel(connection: mongoose.Connection) {
  return modelOn<ClearingLock>(connection, 'ClearingLock', lockSchema);
}

export interface ClearingItem extends ClearingLine {
  /** `S:<settlementId>` or `R:<settlementId>`. */
  _id: string;
  /** The clearing that counts the line; null for a settlement reversed before any lock counted it. */
  clearingId: string | null;
  insuredRegion: string;
  treatmentRegion: string;
  /** The clearing's period (null when voided). */
  period: string | null;
  /** A late record or a reversal after the lock of its period (P-6). */
  adjustment: boolean;
  voided: boolean;
  at: Date;
}

const itemSchema = new Schema<ClearingItem>(
  {
    _id: { type: String },
    clearingId: { type: String, default: null, index: true },
    insuredRegion: { type: String, index: true },
    treatmentRegion: String,
    period: { type: String, default: null },
    lineId: String,
    settlementId: String,
    kind: String,
    fundFen: Number,
    scheme: String,
    visitType: String,
    hospitalId: String,
    recordPeriod: String,
    adjustment: Boolean,
    voided: Boolean,
    at: Date,
  },
  { collection: 'clearing_items', versionKey: false },
);

export const settlementItemId = (settlementId: string): string => `S:${settlementId}`;
export const reversalItemId = (settlementId: string): string => `R:${settlementId}`;

export function clearingItemModel(connection: mongoose.Connection) {
  return modelOn<ClearingItem>(connection, 'ClearingItem', itemSchema);
}

export interface ClearingClaim {
  /** clearing_carries: `<exceptionId>@<fromClearingId>`; clearing_offsets: the recovery id. */
  _id: string;
  clearingId: string;
  insuredRegion: string;
  treatmentRegion: string;
  amountFen?: number;
  at: Date;
}

const claimSchema = (collection: string) =>
  new Schema<ClearingClaim>(
    {
      _id: { type: String },
      clearingId: { type: String, required: true },
      insuredRegion: String,
      treatmentRegion: String,
      amountFen: Number,
      at: Date,
    },
    { collection, versionKey: false },
  );

const carrySchema = claimSchema('clearing_carries');
const offsetSchema = claimSchema('clearing_offsets');

export function clearingCarryModel(connection: mongoose.Connection) {
  return modelOn<ClearingClaim>(connection, 'ClearingCarry', carrySchema);
}

/**
 * The clearing_offsets row of a recovery finance collected before any clearing offset it: its
 * clearingId names no clearing, so no statement counts it and no clearing can claim it after.
 */
export const COLLECTED_BY_FINANCE = 'COLLECTED_BY_FINANCE';

/**
 * RC-3, P-2: the collection claims the recovery the way a clearing's statement does; the first
 * insert settles the debt. Answers who holds the claim (a clearing id, or COLLECTED_BY_FINANCE).
 */
export async function claimRecoveryForCollection(
  connection: mongoose.Connection,
  claim: { recoveryId: string; insuredRegion: string; treatmentRegion: string; amountFen: number },
): Promise<string> {
  const offsets = clearingOffsetModel(connection);
  const doc = {
    _id: claim.recoveryId,
    clearingId: COLLECTED_BY_FINANCE,
    insuredRegion: claim.insuredRegion,
    treatmentRegion: claim.treatmentRegion,
    amountFen: claim.amountFen,
    at: new Date(),
  };
  if (await insertOnce(offsets, doc)) return COLLECTED_BY_FINANCE;
  const held = await offsets.findById(claim.recoveryId, { clearingId: 1 }).lean();
  return held?.clearingId ?? COLLECTED_BY_FINANCE;
}

export function clearingOffsetModel(connection: mongoose.Connection) {
  return modelOn<ClearingClaim>(connection, 'ClearingOffset', offsetSchema);
}

export interface ClearingView {
  _id?: string;
  clearingId: string;
  revision: number;
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  status: string;
  dueDate: string;
  createdAt: string;
  updatedAt: string;
  document: unknown;
}

const viewSchema = new Schema<ClearingView>(
  {
    _id: { type: String },
    clearingId: { type: String, required: true, unique: true },
    revision: { type: Number, required: true },
    period: { type: String, index: true },
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    status: String,
    dueDate: String,
    createdAt: String,
    updatedAt: String,
    document: { type: Schema.Types.Mixed },
  },
  { collection: 'clearing_views', versionKey: false },
);

export function clearingViewModel(connection: mongoose.Connection) {
  return modelOn<ClearingView>(connection, 'ClearingView', viewSchema);
}

export async function saveClearingView(connection: mongoose.Connection, view: ClearingView): Promise<void> {
  await saveNewerRevision(clearingViewModel(connection), view.clearingId, view);
}
