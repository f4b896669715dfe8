// P-1, P-5 advance fund records, kept by inserts (no counter is ever read, changed and written):
//  - advance_quotas: a chain of quota settings per pair and year; slot n+1 is inserted only right
//    after slot n, so two clerks setting the quota at once cannot both win (compare-and-set by
//    unique _id, as the S-5 accumulator chain does);
//  - advance_top_ups: one per top-up, keyed by its id (from the request's Idempotency-Key);
//  - advance_views: the read model of each pair's advance case (alert, top-up requests).
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { saveNewerRevision } from './writes';

export interface AdvanceQuota {
  /** `<insured>:<treatment>:<year>#<seq>`, seq from 1. */
  _id: string;
  insuredRegion: string;
  treatmentRegion: string;
  year: number;
  seq: number;
  quotaFen: number;
  /** The change against the previous slot (or the policy default for slot 1): what the ledger books. */
  deltaFen: number;
  setBy: string;
  at: Date;
}

const quotaSchema = new Schema<AdvanceQuota>(
  {
    _id: { type: String },
    insuredRegion: { type: String, index: true },
    treatmentRegion: String,
    year: Number,
    seq: Number,
    quotaFen: Number,
    deltaFen: Number,
    setBy: String,
    at: Date,
  },
  { collection: 'advance_quotas', versionKey: false },
);

export const quotaSlotId = (insuredRegion: string, treatmentRegion: string, year: number, seq: number): string =>
  `${insuredRegion}:${treatmentRegion}:${year}#${seq}`;

export function advanceQuotaModel(connection: mongoose.Connection) {
  return modelOn<AdvanceQuota>(connection, 'AdvanceQuota', quotaSchema);
}

export interface AdvanceTopUp {
  _id: string;
  insuredRegion: string;
  treatmentRegion: string;
  year: number;
  amountFen: number;
  on: string;
  by: string;
  requestHash: string | null;
  at: Date;
}

const topUpSchema = new Schema<AdvanceTopUp>(
  {
    _id: { type: String },
    insuredRegion: { type: String, index: true },
    treatmentRegion: String,
    year: Number,
    amountFen: Number,
    on: String,
    by: String,
    requestHash: String,
    at: Date,
  },
  { collection: 'advance_top_ups', versionKey: false },
);

export function advanceTopUpModel(connection: mongoose.Connection) {
  return modelOn<AdvanceTopUp>(connection, 'AdvanceTopUp', topUpSchema);
}

export interface AdvanceView {
  _id?: string;
  advanceId: string;
  revision: number;
  insuredRegion: string;
  treatmentRegion: string;
  document: unknown;
  updatedAt: string;
}

const viewSchema = new Schema<AdvanceView>(
  {
    _id: { type: String },
    advanceId: { type: String, required: true, unique: true },
    revision: { type: Number, required: true },
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    document: { type: Schema.Types.Mixed },
    updatedAt: String,
  },
  { collection: 'advance_views', versionKey: false },
);

export function advanceViewModel(connection: mongoose.Connection) {
  return modelOn<AdvanceView>(connection, 'AdvanceView', viewSchema);
}

export async function saveAdvanceView(connection: mongoose.Connection, view: AdvanceView): Promise<void> {
  await saveNewerRevision(advanceViewModel(connection), view.advanceId, view);
}
