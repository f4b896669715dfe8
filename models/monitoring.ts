// M-1 warnings and their acknowledgements, each an insert against its own id: a warning's id is
// the crossing (kind, period, scope), so it is raised once however often the check runs; an
// acknowledgement's id is the warning's, so a warning is acknowledged once.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';

export interface MonitoringWarning {
  _id: string;
  kind: string;
  period: string;
  insuredRegion: string;
  treatmentRegion: string;
  hospitalId: string | null;
  value: number;
  threshold: number;
  raisedAt: Date;
}

const warningSchema = new Schema<MonitoringWarning>(
  {
    _id: { type: String },
    kind: String,
    period: { type: String, index: true },
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    hospitalId: { type: String, default: null },
    value: Number,
    threshold: Number,
    raisedAt: Date,
  },
  { collection: 'monitoring_warnings', versionKey: false },
);

export function monitoringWarningModel(connection: mongoose.Connection) {
  return modelOn<MonitoringWarning>(connection, 'MonitoringWarning', warningSchema);
}

export interface WarningAcknowledgement {
  /** = the warning id. */
  _id: string;
  note: string;
  by: string;
  on: string;
  at: Date;
}

const ackSchema = new Schema<WarningAcknowledgement>(
  { _id: { type: String }, note: String, by: String, on: String, at: Date },
  { collection: 'monitoring_warning_acks', versionKey: false },
);

export function warningAckModel(connection: mongoose.Connection) {
  return modelOn<WarningAcknowledgement>(connection, 'WarningAcknowledgement', ackSchema);
}

/** Which days' settlement lists were uploaded to the treatment agencies (结算清单上传), one insert per day. */
export interface SettlementUpload {
  _id: string;
  day: string;
  settlements: number;
  reversals: number;
  at: Date;
}

const uploadSchema = new Schema<SettlementUpload>(
  { _id: { type: String }, day: String, settlements: Number, reversals: Number, at: Date },
  { collection: 'settlement_uploads', versionKey: false },
);

export function settlementUploadModel(connection: mongoose.Connection) {
  return modelOn<SettlementUpload>(connection, 'SettlementUpload', uploadSchema);
}
