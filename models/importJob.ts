// the durable state of a bulk import of existing filings, so that it survives a crash of the
// API or the worker and a re-sent file starts nothing twice. Three records, each written against a
// unique _id (FerretDB has no transactions and answers only _id lookups from an index):
// - the import job (`import_jobs`, _id = import id): who imports, and how far the file has been
//   recorded (`committedThrough`, whole batches of lines only) with the counts up to there. Only
//   the one request feeding an import writes it (a lease: `activeUntil`), absolute values each time;
// - the imported source (`imported_sources`, _id = `<insured region>|<sourceId>`): one per record
//   of the old system, inserted before its case is started and marked STARTED after; the
//   insert-once is what makes the import idempotent per source record across imports;
// - the rejected line (`import_rejections`, _id = `<import id>:<line>`): every line refused, with
//   its catalogue error, reported by GET /imports/:id.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { driverCollection, modelOn } from './connection';
import { insertOnce, isDuplicateKey } from './writes';

export interface ImportCounts {
  /** Lines read and decided (valid or not) up to `committedThrough`. */
  read: number;
  /** Valid lines: started now, or imported before (by this or another import). */
  accepted: number;
  rejected: number;
  /** Cases started by this import. */
  started: number;
  /** Valid lines whose source record had been imported before: nothing started again. */
  alreadyImported: number;
}

export const NO_COUNTS: ImportCounts = { read: 0, accepted: 0, rejected: 0, started: 0, alreadyImported: 0 };

export interface ImportJob {
  _id: string;
  agencyId: string;
  /** The Idempotency-Key the import was opened with (resume), or null. */
  key: string | null;
  status: 'RECEIVING' | 'DONE';
  /** Last line of the file recorded with all its effects (lines are recorded in whole batches). */
  committedThrough: number;
  counts: ImportCounts;
  /** Lines in the file, once the whole file has arrived. */
  totalLines: number | null;
  /** A request feeding the import holds it until then (renewed each batch); later, it was interrupted. */
  activeUntil: Date;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
}

const countsSchema = { read: Number, accepted: Number, rejected: Number, started: Number, alreadyImported: Number };

const jobSchema = new Schema<ImportJob>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    key: { type: String, default: null },
    status: { type: String, required: true },
    committedThrough: { type: Number, required: true },
    counts: countsSchema,
    totalLines: { type: Number, default: null },
    activeUntil: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    completedAt: { type: Date, default: null },
  },
  { collection: 'import_jobs', versionKey: false },
);

export interface ImportedSource {
  /** `<insured region>|<sourceId>` */
  _id: string;
  insuredRegion: string;
  sourceId: string;
  filingId: string;
  importId: string;
  line: number;
  /** Hash of the line's content: the same source id with other content is a conflict, not a repeat. */
  contentHash: string;
  state: 'CLAIMED' | 'STARTED';
  at: Date;
}

const sourceSchema = new Schema<ImportedSource>(
  {
    _id: { type: String, required: true },
    insuredRegion: { type: String, required: true },
    sourceId: { type: String, required: true },
    filingId: { type: String, required: true },
    importId: { type: String, required: true },
    line: { type: Number, required: true },
    contentHash: { type: String, required: true },
    state: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'imported_sources', versionKey: false },
);

export interface ImportRejection {
  /** `<import id>:<line>` */
  _id: string;
  importId: string;
  line: number;
  sourceId: string | null;
  error: { code: string; category: string; message: { zh: string; en: string }; details: Record<string, unknown> };
  at: Date;
}

const rejectionSchema = new Schema<ImportRejection>(
  {
    _id: { type: String, required: true },
    importId: { type: String, required: true, index: true },
    line: { type: Number, required: true },
    sourceId: { type: String, default: null },
    error: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'import_rejections', versionKey: false },
);

export function importJobModel(connection: mongoose.Connection) {
  return modelOn<ImportJob>(connection, 'ImportJob', jobSchema);
}

export function importedSourceModel(connection: mongoose.Connection) {
  return modelOn<ImportedSource>(connection, 'ImportedSource', sourceSchema);
}

export function importRejectionModel(connection: mongoose.Connection) {
  return modelOn<ImportRejection>(connection, 'ImportRejection', rejectionSchema);
}

export function sourceKey(insuredRegion: string, sourceId: string): string {
  return `${insuredRegion}|${sourceId}`;
}

export async function findImportJob(connection: mongoose.Connection, importId: string): Promise<ImportJob | null> {
  return driverCollection(importJobModel(connection)).findOne({ _id: importId });
}

/** Opens the job once; false when it exists already (a resumed import). */
export function openImportJob(connection: mongoose.Connection, job: ImportJob): Promise<boolean> {
  return insertOnce(importJobModel(connection), job);
}

/** The feeding request's progress, in absolute values (one writer at a time: the lease holder). */
export async function recordImportProgress(
  connection: mongoose.Connection,
  importId: string,
  progress: Partial<Pick<ImportJob, 'status' | 'committedThrough' | 'counts' | 'totalLines' | 'activeUntil' | 'completedAt'>>,
  at: Date,
): Promise<void> {
  await driverCollection(importJobModel(connection)).updateOne({ _id: importId }, { $set: { ...progress, updatedAt: at } });
}

/** Inserts each source record once; answers the keys that were already there (imported before). */
export async function claimSources(connection: mongoose.Connection, sources: ImportedSource[]): Promise<Set<string>> {
  const taken = new Set<string>();
  if (!sources.length) return taken;
  try {
    await driverCollection(importedSourceModel(connection)).insertMany(sources, { ordered: false });
  } catch (err) {
    const e = err as { code?: number; writeErrors?: Array<{ code?: number; index: number; err?: { code?: number; index?: number } }> };
    const failures = e.writeErrors ?? (e.code === 11000 ? [] : null);
    if (failures === null || failures.some((w) => (w.code ?? w.err?.code) !== 11000)) throw err;
    for (const w of failures) taken.add(sources[w.index ?? w.err?.index ?? -1]._id);
  }
  return taken;
}

/** One source record by its key (an _id lookup). */
export function findSource(connection: mongoose.Connection, key: string): Promise<ImportedSource | null> {
  return driverCollection(importedSourceModel(connection)).findOne({ _id: key });
}

/**
 * Statements per bulk write: FerretDB 1.24 without our patch holds one pooled SQLite connection
 * per statement until the command ends, and a command of about 100 stalls the database.
 */
const STATEMENTS_PER_WRITE = 50;

/** Marks the cases of these sources as started (each an _id update, 50 to a round trip). */
export async function markSourcesStarted(connection: mongoose.Connection, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += STATEMENTS_PER_WRITE) {
    await driverCollection(importedSourceModel(connection)).bulkWrite(
      keys
        .slice(i, i + STATEMENTS_PER_WRITE)
        .map((_id) => ({ updateOne: { filter: { _id }, update: { $set: { state: 'STARTED' as const } } } })),
      { ordered: false },
    );
  }
}

/** Records rejected lines once each (a re-sent line is not listed twice). */
export async function recordRejections(connection: mongoose.Connection, rejections: ImportRejection[]): Promise<void> {
  if (!rejections.length) return;
  try {
    await driverCollection(importRejectionModel(connection)).insertMany(rejections, { ordered: false });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/** A page of the rejected lines of one import, in line order. */
export async function listRejections(connection: mongoose.Connection, importId: string, page: number, pageSize: number) {
  const model = importRejectionModel(connection);
  const [items, total] = await Promise.all([
    model
      .find({ importId }, { _id: 0, line: 1, sourceId: 1, error: 1 })
      .sort({ line: 1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
    model.countDocuments({ importId }),
  ]);
  return { items, total };
}
