// S-5 annual accumulators: one document per person, scheme, admission year and cap group
// (domain accumulatorKeyId). FerretDB has no multi-document transactions, so everything that
// must change together for one settlement lives in this one document and changes in one
// conditional update: the running totals, the version that guards against lost updates, and
// the ids of the settlements already counted (which is what makes a retry count once).
//
// Why the applied ids stay in the document rather than a separate "charges" collection: a
// second collection would need a second write that can fail on its own, bringing back the
// two-document problem. The list is naturally bounded: it holds one person's bills of one visit
// type in one year (hundreds at most, a few kB), and next year's bills open a new document.
import mongoose, { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface AccumulatorDoc {
  /** accumulatorKeyId: `${personId}:${scheme}:${year}:${capGroup}`. */
  _id: string;
  personId: string;
  scheme: string;
  year: number;
  capGroup: string;
  /** PER_YEAR deductible already paid this year (S-2). */
  deductibleUsedFen: number;
  /** Fund already paid this year against the annual cap (S-2). */
  fundPaidFen: number;
  /** Raised by every charge; a charge computed against an older version is refused. */
  version: number;
  /** Settlements already counted here (S-5: exactly once). */
  appliedSettlementIds: string[];
  updatedAt: Date;
}

const accumulatorSchema = new Schema<AccumulatorDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true, index: true },
    scheme: { type: String, required: true },
    year: { type: Number, required: true },
    capGroup: { type: String, required: true },
    deductibleUsedFen: { type: Number, required: true, default: 0 },
    fundPaidFen: { type: Number, required: true, default: 0 },
    version: { type: Number, required: true, default: 0 },
    appliedSettlementIds: { type: [String], default: [] },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { collection: 'accumulators', versionKey: false },
);

export function accumulatorModel(connection: mongoose.Connection) {
  return modelOn<AccumulatorDoc>(connection, 'Accumulator', accumulatorSchema);
}
