// H-1 status history of designated institutions, one append-only chain per institution:
// change n has _id `${hospitalId}#${n}`, so two agencies recording a change at the same moment
// both try slot n+1 and exactly one insert wins (FerretDB has no atomic update; see
// models/accumulator.ts for the same shape). The static facts stay in policies/hospitals.json.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import type { InstitutionStatus } from '../domain/registry/status';

export interface InstitutionStatusChange {
  _id: string;
  hospitalId: string;
  seq: number;
  status: InstitutionStatus;
  reason: string;
  effectiveDate: string;
  recordedAt: Date;
  recordedBy: string;
}

const changeSchema = new Schema<InstitutionStatusChange>(
  {
    _id: { type: String, required: true },
    hospitalId: { type: String, required: true, index: true },
    seq: { type: Number, required: true },
    status: { type: String, enum: ['ACTIVE', 'SUSPENDED'], required: true },
    reason: { type: String, required: true },
    effectiveDate: { type: String, required: true },
    recordedAt: { type: Date, required: true },
    recordedBy: { type: String, required: true },
  },
  { collection: 'institution_status_changes', versionKey: false },
);

export function institutionStatusModel(connection: mongoose.Connection) {
  return modelOn<InstitutionStatusChange>(connection, 'InstitutionStatusChange', changeSchema);
}

export function statusSlotId(hospitalId: string, seq: number): string {
  return `${hospitalId}#${seq}`;
}
