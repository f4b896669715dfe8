// Read model of filings: lists and searches read this, never Temporal. The owning workflow
// writes a whole view with a rising revision; an older revision never overwrites a newer one,
// so replays and retried activities are harmless. The filing id is the _id, so reading or
// writing one view is a primary-key operation on every backend (FerretDB answers only those
// from an index).
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { driverCollection, modelOn, perConnection } from './connection';
import { saveNewerRevision } from './writes';
import type { CaseEvent } from '../domain/caseEvent';
import type { FilingSummary } from '../domain/filing/types';

export type FilingViewEvent = CaseEvent;

/** The filing's summary (what lists filter on) beside the whole document. */
export interface FilingView extends FilingSummary {
  /** Equals filingId (see the schema). */
  _id?: string;
  filingId: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
  events: FilingViewEvent[];
  /** The complete workflow view, returned as-is by GET /filings/:id. */
  document: unknown;
}

const filingViewSchema = new Schema<FilingView>(
  {
    _id: { type: String },
    filingId: { type: String, required: true, unique: true },
    revision: { type: Number, required: true },
    personId: { type: String, required: true, index: true },
    formerPersonIds: { type: [String], default: [] },
    scheme: String,
    insuredRegion: { type: String, index: true },
    treatmentRegion: { type: String, index: true },
    type: String,
    subtype: { type: String, default: null },
    status: { type: String, index: true },
    validFrom: String,
    validUntil: { type: String, default: null },
    commitment: Boolean,
    commitmentDeadline: { type: String, default: null },
    linkedFilingId: { type: String, default: null },
    supersededBy: { type: String, default: null },
    selfService: Boolean,
    fundPaidUnderCommitmentFen: { type: Number, default: 0 },
    recoveryId: { type: String, default: null },
    createdAt: String,
    updatedAt: String,
    events: { type: Schema.Types.Mixed, default: [] },
    document: { type: Schema.Types.Mixed },
  },
  { collection: 'filing_views', versionKey: false },
);

export function filingViewModel(connection: mongoose.Connection) {
  return modelOn<FilingView>(connection, 'FilingView', filingViewSchema);
}

/** Writes the view unless a newer revision is already stored. */
export async function saveFilingView(connection: mongoose.Connection, view: FilingView): Promise<void> {
  const model = filingViewModel(connection);
  const { _id: _ignored, ...fields } = view;
  if (await saveNewerRevision(model, view.filingId, fields)) return;
  // Not written: a view with this or a newer revision is there, or (only in a database written
  // before views were keyed by filing id) the view has an ObjectId _id.
  if (!(await model.exists({ _id: view.filingId }))) {
    await model.updateOne({ filingId: view.filingId, revision: { $lt: view.revision } }, { $set: fields });
  }
}

/**
 * Views stored before they were keyed by filing id carry an ObjectId _id. That set is closed (every
 * view since is stored under its filing id), so each process finds it once; a read of an unknown
 * id then costs one _id lookup instead of a search by field, which FerretDB answers by decoding
 * every view (a GET of a case not opened yet, polled, kept the database busy).
 */
const legacyViews = perConnection(async (connection) => {
  // The driver, not the model: the model's String _id would cast an ObjectId away.
  const rows = await driverCollection(filingViewModel(connection))
    .find({ _id: { $type: 'objectId' } } as object, { projection: { _id: 1, filingId: 1 } })
    .toArray();
  return new Map(rows.map((r) => [r.filingId, r._id as unknown]));
});

/** The filing's view by its id (an _id read; views of before the keying by their remembered _id). */
export async function findFilingView(connection: mongoose.Connection, filingId: string) {
  const model = filingViewModel(connection);
  const row = await model.findById(filingId).lean();
  if (row) return row;
  const legacyId = (await legacyViews.get(connection)).get(filingId);
  return legacyId === undefined ? null : ((await driverCollection(model).findOne({ _id: legacyId } as object)) as typeof row);
}
