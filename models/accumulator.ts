// S-5 annual accumulators as an append-only log of charges, one chain per accumulatorKeyId
// (person, scheme, admission year, cap group). Each charge records what one settlement added
// and the running totals after it, so the newest charge of a chain IS the accumulator.
//
// Why a log and not one document updated in place: the dev/test database (FerretDB 1.x on
// SQLite) applies an update by reading the document in Go and then replacing it by _id, with
// no check that it is unchanged: 50 parallel `$inc`s on one document keep about 10, and a
// version-guarded update reports a match and still overwrites. The only atomic operation it
// offers is an insert against a unique index. So:
//   - charge n of a chain has _id `${keyId}#${n}`: two bills computed against the same totals
//     both try slot n+1 and exactly one insert wins (compare-and-set by unique _id);
//   - settlementId is unique across all charges: a retried settlement can never count twice.
// Both hold on MongoDB just the same, and no transaction is needed anywhere.
//
// Charges stay small because that backend also answers _id lookups by scanning (its _id index
// is on another expression than its queries use), so probing the chain costs in proportion to
// the collection's bytes. What a retry must get back (the settlement body) is kept apart, as an
// insert-only receipt read only when a retry finds its settlement already charged.
import mongoose, { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface AccumulatorCharge {
  /** `${keyId}#${seq}`: the slot this charge took. */
  _id: string;
  /** domain accumulatorKeyId: `${personId}:${scheme}:${year}:${capGroup}`. */
  keyId: string;
  /** 1, 2, 3, ... without gaps: a charge is only ever inserted right after the newest one. */
  seq: number;
  settlementId: string;
  /** What this settlement added. */
  deductibleFen: number;
  fundFen: number;
  /** Running totals after this charge: what the next bill of the chain reads (S-2). */
  deductibleUsedFen: number;
  fundPaidFen: number;
  at: Date;
}

/** What the caller recorded with a charge attempt (the settlement body), written just before it. */
export interface ChargeReceipt {
  /** `${settlementId}#${seq}`: one per attempt, so racing attempts never collide. */
  _id: string;
  settlementId: string;
  receipt: unknown;
  at: Date;
}

const chargeSchema = new Schema<AccumulatorCharge>(
  {
    _id: { type: String, required: true },
    keyId: { type: String, required: true, index: true },
    seq: { type: Number, required: true },
    settlementId: { type: String, required: true, unique: true },
    deductibleFen: { type: Number, required: true },
    fundFen: { type: Number, required: true },
    deductibleUsedFen: { type: Number, required: true },
    fundPaidFen: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'accumulator_charges', versionKey: false },
);

const receiptSchema = new Schema<ChargeReceipt>(
  {
    _id: { type: String, required: true },
    settlementId: { type: String, required: true },
    receipt: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
  },
  { collection: 'accumulator_receipts', versionKey: false },
);

export function accumulatorChargeModel(connection: mongoose.Connection) {
  return modelOn<AccumulatorCharge>(connection, 'AccumulatorCharge', chargeSchema);
}

export function chargeReceiptModel(connection: mongoose.Connection) {
  return modelOn<ChargeReceipt>(connection, 'ChargeReceipt', receiptSchema);
}

export function chargeSlotId(keyId: string, seq: number): string {
  return `${keyId}#${seq}`;
}

export function receiptId(settlementId: string, seq: number): string {
  return `${settlementId}#${seq}`;
}
