// Stored settlements (direct and manual reimbursement): what inquiry and clearing read.
// The settlement id is the _id, so a retried request stores one record.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface SettlementRecord {
  /** Equals settlementId (see the schema). */
  _id: string;
  settlementId: string;
  kind: 'DIRECT' | 'REIMBURSEMENT';
  /**
   * STORED once the settlement counts (S-5). The settlement API writes records only after the
   * accumulator charge, so it writes STORED directly; PENDING is kept for other writers.
   */
  state: 'PENDING' | 'STORED';
  personId: string;
  scheme: string;
  personCategory: string;
  insuredRegion: string;
  treatmentRegion: string;
  hospitalId: string;
  hospitalLevel: number;
  visitType: string;
  admissionDate: string;
  dischargeDate: string | null;
  totalFen: number;
  eligibleFen: number;
  fundFen: number;
  personalFen: number;
  filingId: string | null;
  /** Clearing period 'YYYY-MM' (P-1) of the settlement date. */
  period: string;
  /** The request as received and the full response body (breakdown with ruleTrace). */
  request: unknown;
  breakdown: unknown;
  submittedBy: string;
  createdAt: Date;
  /** Insured-region policy folder and version the bill was settled under (S-1). */
  policyRegion: string;
  policyVersion: string;
  /** The S-5 accumulator this settlement was counted in (domain accumulatorKeyId). */
  accumulatorKeyId: string;
  /** When the record became STORED (it counts from then on). */
  storedAt: Date | null;
  /** F-7: the COMMITMENT_PENDING filing this settlement paid fund under (null otherwise). */
  commitmentFilingId: string | null;
  /** Hash of the keyed request that stored it (null without a key): tells a retry from a reused key. */
  requestHash: string | null;
  /** S-8: set once the settlement is reversed; it then counts for nothing (inquiry, F-7, clearing). */
  reversal: SettlementReversal | null;
}

export interface SettlementReversal {
  id: string;
  reason: string;
  reversedAt: Date;
  reversedBy: string;
  /** What the reversal gave back to the accumulator (the settlement's own charge). */
  deductibleFen: number;
  fundFen: number;
}

const settlementSchema = new Schema<SettlementRecord>(
  {
    // The settlement id itself, so reading one is a primary-key lookup on every backend
    // (FerretDB/SQLite answers only _id lookups from an index; any other filter scans).
    _id: { type: String },
    settlementId: { type: String, required: true },
    kind: { type: String, enum: ['DIRECT', 'REIMBURSEMENT'], required: true },
    state: { type: String, enum: ['PENDING', 'STORED'], required: true },
    personId: { type: String, required: true, index: true },
    scheme: String,
    personCategory: String,
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    hospitalId: String,
    hospitalLevel: Number,
    visitType: String,
    admissionDate: String,
    dischargeDate: { type: String, default: null },
    totalFen: Number,
    eligibleFen: Number,
    fundFen: Number,
    personalFen: Number,
    filingId: { type: String, default: null },
    period: { type: String, index: true },
    request: Schema.Types.Mixed,
    breakdown: Schema.Types.Mixed,
    submittedBy: String,
    createdAt: { type: Date, default: () => new Date() },
    policyRegion: String,
    policyVersion: String,
    accumulatorKeyId: { type: String, index: true },
    storedAt: { type: Date, default: null },
    commitmentFilingId: { type: String, default: null },
    requestHash: { type: String, default: null },
    reversal: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'settlements', versionKey: false },
);

export function settlementRecordModel(connection: mongoose.Connection) {
  return modelOn<SettlementRecord>(connection, 'SettlementRecord', settlementSchema);
}
