// M-2: every rejected or failed request is counted per day (Asia/Shanghai), error code, route
// and agency. Counted in the process and written as one insert per key and flush (a count under a
// unique id): FerretDB applies concurrent $inc updates to one document non-atomically (lost counts
// seen here), inserts are safe. So storage grows with time and the handful of keys, not with
// traffic: a flood of anonymous requests adds to one count. Rows expire after ERROR_TALLY_TTL_DAYS
// (the daily reports built from them are kept apart).
import { randomUUID } from 'node:crypto';
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
  /** `METHOD /route/:pattern`, never the raw path (the key space stays bounded). */
  route: string;
  agencyId: string;
  at: Date;
}

/** A count of rejections of one key, written by one flush of one process. */
interface RejectionCount extends Rejection {
  _id: string;
  count: number;
  expiresAt: Date;
}

const rejectionSchema = new Schema<RejectionCount>(
  {
    _id: { type: String },
    day: { type: String, required: true },
    code: { type: String, required: true },
    category: String,
    status: Number,
    route: { type: String, required: true },
    agencyId: { type: String, required: true },
    count: { type: Number, default: 1 },
    at: Date,
    expiresAt: Date,
  },
  { collection: 'rejections', versionKey: false },
);
rejectionSchema.index({ day: 1, agencyId: 1 });
rejectionSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export function rejectionModel(connection: mongoose.Connection) {
  return modelOn<RejectionCount>(connection, 'Rejection', rejectionSchema);
}

/**
 * The rejections of this process, counted in memory and flushed as inserts: on an interval, when
 * the keys pass `maxKeys`, and before the day's report is read in this process (flushRejections),
 * so a rejection shows in the report at once.
 */
export class RejectionTally {
  private counts = new Map<string, RejectionCount>();
  private readonly writer = randomUUID();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private lastPurge = 0;

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly options: { ttlDays: number; flushMs?: number; maxKeys?: number; onError?: (err: unknown) => void },
  ) {
    tallies.set(connection, this);
  }

  start(): this {
    this.timer ??= setInterval(() => void this.flush().catch((err: unknown) => this.options.onError?.(err)), this.options.flushMs ?? 5000);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  record(rejection: Rejection): void {
    const key = [rejection.day, rejection.code, rejection.status, rejection.route, rejection.agencyId].join('|');
    const row = this.counts.get(key);
    if (row) {
      row.count += 1;
      row.at = rejection.at;
    } else {
      const expiresAt = new Date(rejection.at.getTime() + this.options.ttlDays * 86_400_000);
      this.counts.set(key, { ...rejection, _id: '', count: 1, expiresAt });
    }
    if (this.counts.size >= (this.options.maxKeys ?? 5000)) void this.flush().catch((err: unknown) => this.options.onError?.(err));
  }

  /** Writes the counts so far; one flush at a time, each count under its own id. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    const rows = [...this.counts.values()];
    this.counts = new Map();
    const model = rejectionModel(this.connection);
    // Each count gets its id once, before any insert: a retried row keeps it, so a row the
    // database took before failing to answer is not counted twice.
    for (const row of rows) {
      if (row._id) continue;
      this.seq += 1;
      row._id = `${row.day}:${this.writer}:${this.seq}`;
    }
    for (const [i, row] of rows.entries()) {
      try {
        await insertOnce(model, row);
      } catch (err) {
        // This row and the ones not tried yet are written on the next flush.
        for (const left of rows.slice(i)) this.counts.set(`retry:${left._id}`, left);
        throw err;
      }
    }
    // FerretDB builds no TTL index: expired counts are deleted here, at most hourly.
    if (Date.now() - this.lastPurge > 3_600_000) {
      this.lastPurge = Date.now();
      await model.deleteMany({ expiresAt: { $lt: new Date() } });
    }
  }
}

/** The tally writing to each connection in this process (the API's), flushed before a report is read. */
const tallies = new WeakMap<mongoose.Connection, RejectionTally>();

export async function flushRejections(connection: mongoose.Connection): Promise<void> {
  await tallies.get(connection)?.flush();
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
  await flushRejections(connection);
  const rows = new Map<string, ErrorReportRow>();
  const add = (row: Omit<ErrorReportRow, 'count'>, count = 1) => {
    const key = [row.source, row.code, row.route, row.agencyId, row.regions.join(',')].join('|');
    const r = rows.get(key) ?? { ...row, count: 0 };
    r.count += count;
    rows.set(key, r);
  };
  const counts = await rejectionModel(connection)
    .find({ day }, { code: 1, category: 1, status: 1, route: 1, agencyId: 1, count: 1 })
    .lean();
  for (const r of counts) {
    const row = { source: 'HTTP' as const, code: r.code, category: r.category, status: r.status, route: r.route, agencyId: r.agencyId };
    add({ ...row, regions: [] }, r.count ?? 1); // rows written before counting was added count one each
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
