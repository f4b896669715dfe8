// M-2: every rejected or failed request is recorded per day (Asia/Shanghai), error code, route
// and agency. One insert per rejection, grouped when the report is read: FerretDB applies
// concurrent $inc updates to one document non-atomically (lost counts seen here), inserts are safe.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface Rejection {
  day: string;
  code: string;
  category: string;
  status: number;
  route: string;
  agencyId: string;
  at: Date;
}

const rejectionSchema = new Schema<Rejection>(
  {
    day: { type: String, required: true },
    code: { type: String, required: true },
    category: String,
    status: Number,
    route: { type: String, required: true },
    agencyId: { type: String, required: true },
    at: Date,
  },
  { collection: 'rejections', versionKey: false },
);
rejectionSchema.index({ day: 1, agencyId: 1 });

export function rejectionModel(connection: mongoose.Connection) {
  return modelOn<Rejection>(connection, 'Rejection', rejectionSchema);
}

export async function recordRejection(connection: mongoose.Connection, rejection: Rejection): Promise<void> {
  await rejectionModel(connection).create(rejection);
}
