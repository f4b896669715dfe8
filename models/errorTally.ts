// M-2: every rejected or failed request is recorded per day (Asia/Shanghai), error code, route
// and agency. One insert per rejection, grouped when the report is read: FerretDB applies
// concurrent $inc updates to one document non-atomically (lost counts seen here), inserts are safe.
import type mongoose from 'mongoose';
import { Schema } from 'mongoose';
import { modelOn } from './connection';
import { insertOnce } from './writes';
import { catalogue } from '../domain/errors';
import { isoDateInShanghai } from '../domain/time';
import type { CaseFailureInput } from '../domain/monitoring/caseFailures';

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

/**
 * M-2: a failure inside a case (an agency that could not be notified, a failed escalation, a
 * refused transfer), recorded by the case's workflow through an activity. Its id comes from the
 * case and the step, so a retried activity records it once.
 */
export interface CaseFailure {
  _id: string;
  day: string;
  code: string;
  category: string;
  caseType: string;
  caseId: string;
  /** The regions whose agencies see it in their report (the case's insured and treatment regions). */
  regions: string[];
  error: string;
  at: Date;
}

const caseFailureSchema = new Schema<CaseFailure>(
  {
    _id: { type: String },
    day: { type: String, required: true, index: true },
    code: { type: String, required: true },
    category: String,
    caseType: String,
    caseId: String,
    regions: [String],
    error: String,
    at: Date,
  },
  { collection: 'case_failures', versionKey: false },
);

export function caseFailureModel(connection: mongoose.Connection) {
  return modelOn<CaseFailure>(connection, 'CaseFailure', caseFailureSchema);
}

/** M-2: a failure inside a case, counted once under its id on the day it happened (Asia/Shanghai). */
export async function recordCaseFailure(connection: mongoose.Connection, f: CaseFailureInput, at: Date): Promise<void> {
  await insertOnce(caseFailureModel(connection), {
    _id: f.failureId,
    day: isoDateInShanghai(at.getTime()),
    code: f.code,
    category: catalogue[f.code]?.category ?? 'UPSTREAM',
    caseType: f.caseType,
    caseId: f.caseId,
    regions: [...new Set(f.regions)],
    error: f.error.slice(0, 2000),
    at,
  });
}

/** One row of a kept report: a count of one code from one route and agency (HTTP) or one case type (CASE). */
export interface ErrorReportRow {
  source: 'HTTP' | 'CASE';
  code: string;
  category: string;
  status: number;
  /** HTTP: the route; CASE: the case type. */
  route: string;
  /** HTTP: the caller's agency; CASE: empty. */
  agencyId: string;
  /** CASE: the regions that see it; HTTP: empty. */
  regions: string[];
  count: number;
}

/** M-2: the report of one day, built once by the daily job and kept (insert-once by day). */
export interface DailyErrorReport {
  _id: string;
  day: string;
  builtAt: Date;
  rows: ErrorReportRow[];
}

const dailyReportSchema = new Schema<DailyErrorReport>(
  { _id: { type: String }, day: String, builtAt: Date, rows: { type: Schema.Types.Mixed } },
  { collection: 'daily_error_reports', versionKey: false },
);

export function dailyErrorReportModel(connection: mongoose.Connection) {
  return modelOn<DailyErrorReport>(connection, 'DailyErrorReport', dailyReportSchema);
}

/** The day's rows, grouped from the raw records (HTTP rejections and case failures). */
export async function groupErrorRows(connection: mongoose.Connection, day: string): Promise<ErrorReportRow[]> {
  const rows = new Map<string, ErrorReportRow>();
  const add = (row: Omit<ErrorReportRow, 'count'>) => {
    const key = [row.source, row.code, row.route, row.agencyId, row.regions.join(',')].join('|');
    const r = rows.get(key) ?? { ...row, count: 0 };
    r.count += 1;
    rows.set(key, r);
  };
  for (const r of await rejectionModel(connection).find({ day }, { code: 1, category: 1, status: 1, route: 1, agencyId: 1 }).lean()) {
    add({ source: 'HTTP', code: r.code, category: r.category, status: r.status, route: r.route, agencyId: r.agencyId, regions: [] });
  }
  for (const f of await caseFailureModel(connection).find({ day }, { code: 1, category: 1, caseType: 1, regions: 1 }).lean()) {
    add({
      source: 'CASE',
      code: f.code,
      category: f.category,
      status: 502,
      route: `case:${f.caseType}`,
      agencyId: '',
      regions: [...(f.regions ?? [])],
    });
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code) || a.route.localeCompare(b.route));
}
