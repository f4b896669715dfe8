// Read model of inquiry cases: inboxes and GET /inquiries/:id read this, never Temporal. The
// owning workflow writes a whole view with a rising revision; an older revision never
// overwrites a newer one, so replays and retried activities are harmless.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { saveNewerRevision } from './writes';

export interface InquiryView {
  /** = inquiryId (primary-key lookups). */
  _id?: string;
  inquiryId: string;
  revision: number;
  kind: string;
  status: string;
  insuredRegion: string;
  treatmentRegion: string;
  settlementId: string;
  period: string | null;
  dueDate: string;
  overdue: boolean;
  recoveryId: string | null;
  createdAt: string;
  updatedAt: string;
  /** The complete workflow document, returned as-is by GET /inquiries/:id. */
  document: unknown;
}

const inquiryViewSchema = new Schema<InquiryView>(
  {
    // The case id itself, so reading one is a primary-key lookup (FerretDB indexes _id lookups).
    _id: { type: String },
    inquiryId: { type: String, required: true, unique: true },
    revision: { type: Number, required: true },
    kind: { type: String, index: true },
    status: { type: String, index: true },
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    settlementId: { type: String, index: true },
    period: { type: String, default: null },
    dueDate: String,
    overdue: Boolean,
    recoveryId: { type: String, default: null },
    createdAt: String,
    updatedAt: String,
    document: { type: Schema.Types.Mixed },
  },
  { collection: 'inquiry_views', versionKey: false },
);

export function inquiryViewModel(connection: mongoose.Connection) {
  return modelOn<InquiryView>(connection, 'InquiryView', inquiryViewSchema);
}

/** Writes the view unless a newer revision is already stored. */
export async function saveInquiryView(connection: mongoose.Connection, view: InquiryView): Promise<void> {
  await saveNewerRevision(inquiryViewModel(connection), view.inquiryId, view);
}
