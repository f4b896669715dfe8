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
// A settlement refused for a keyed request leaves a marker in the same log (keyId REFUSALS,
// outside every chain), so the unique settlementId also keeps a refused settlement from being
// charged by a retry of the same request (see api/services/accumulators.ts refuseOnce).
//
// A charge also carries the caller's receipt (the settlement body): inserting the charge and
// keeping what a retry must get back is then one atomic insert, and a retry that finds its
// settlement already charged reads the answer from that very charge.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
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
  /** What the settlement answered (its body), returned as is to any retry. */
  receipt: unknown;
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
    receipt: { type: Schema.Types.Mixed },
  },
  { collection: 'accumulator_charges', versionKey: false },
);

export function accumulatorChargeModel(connection: mongoose.Connection) {
  return modelOn<AccumulatorCharge>(connection, 'AccumulatorCharge', chargeSchema);
}

export function chargeSlotId(keyId: string, seq: number): string {
  return `${keyId}#${seq}`;
}

/** keyId of refusal markers: no accumulator chain has it (chain ids are person:scheme:year:group). */
export const REFUSALS = 'refused';

export function refusalMarkerId(settlementId: string): string {
  return `${REFUSALS}#${settlementId}`;
}
