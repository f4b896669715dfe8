// M-2: every rejected or failed request is counted per day (Asia/Shanghai), error code, route
// and agency: one upsert with $inc, so counting costs one write and needs no transaction.
import mongoose, { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface ErrorTally {
  day: string;
  code: string;
  category: string;
  status: number;
  route: string;
  agencyId: string;
  count: number;
  lastAt: Date;
}

const tallySchema = new Schema<ErrorTally>(
  {
    day: { type: String, required: true },
    code: { type: String, required: true },
    category: String,
    status: Number,
    route: { type: String, required: true },
    agencyId: { type: String, required: true },
    count: { type: Number, default: 0 },
    lastAt: Date,
  },
  { collection: 'error_tallies', versionKey: false },
);
tallySchema.index({ day: 1, code: 1, route: 1, agencyId: 1 }, { unique: true });

export function errorTallyModel(connection: mongoose.Connection) {
  return modelOn<ErrorTally>(connection, 'ErrorTally', tallySchema);
}

export async function countError(
  connection: mongoose.Connection,
  key: { day: string; code: string; route: string; agencyId: string },
  meta: { category: string; status: number },
): Promise<void> {
  await errorTallyModel(connection).updateOne(
    key,
    { $inc: { count: 1 }, $set: { lastAt: new Date(), ...meta } },
    { upsert: true },
  );
}
