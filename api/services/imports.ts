// bulk import of existing filings. The body (NDJSON, one filing record per line) is read as
// it arrives and handled in batches of whole lines, so a file of any size holds only a batch or
// two in memory. Each line is checked with the clerk's schema and the filing rules (the same
// function that opens the case), then started as a plain workflow start with its original dates:
// no update round trip per line, starts with bounded concurrency.
//
// Durability (models/importJob.ts): before a case is started its source record is inserted under
// `<insured region>|<sourceId>`, and the case id is derived from that key, so no source record is
// ever started twice, by this import or any other; after the batch's starts, the sources are
// marked STARTED and the job records the batch (its last line and the counts) as committed. A
// crash of the API loses at most the batches in flight: sending the file again with the same
// Idempotency-Key (from `resumeFromLine`, or whole) repeats their lines, whose sources this import
// already holds, so their cases are started (or found started) once. A crash of the worker loses
// nothing: a started case waits in Temporal until a worker runs it.
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import split2 from 'split2';
import type { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { openImportedFilingCase, originalApplicationDate, type ImportedOrigin } from '../../domain/filing/import';
import type { FilingApplication } from '../../domain/filing/types';
import { formatShanghaiTimestamp, isoDateInShanghai } from '../../domain/time';
import {
  claimSources,
  findImportJob,
  findSource,
  listRejections,
  markSourcesStarted,
  NO_COUNTS,
  openImportJob,
  recordImportProgress,
  recordRejections,
  sourceKey,
  type ImportCounts,
  type ImportedSource,
  type ImportJob,
  type ImportRejection,
} from '../../models/importJob';
import type { FilingWorkflowInput } from '../../workflows/filing/definitions';
import type { AppContext } from '../context';
import type { Principal } from '../http/apiKeys';
import { renderError, zodFieldProblems } from '../http/problem';
import { importLineSchema, type ImportLine } from '../schemas/import';
import { assertInsuredClerkOf } from './access';
import { actorOf } from './actors';
import { caseId } from './caseIds';

/** Lines per batch: the unit of progress, of resumption and of the database round trips. */
export const IMPORT_BATCH_LINES = 500;
/** Workflow starts in flight at once (the bench's raw-start baseline uses the same). */
export const IMPORT_START_CONCURRENCY = 32;
/** Batches in flight at once: the next one is checked while the previous one's cases start. */
const BATCHES_IN_FLIGHT = 2;
/** One record may not be longer; a longer line is refused, a far longer one stops the upload. */
export const MAX_LINE_BYTES = 16 * 1024;
const MAX_STREAM_LINE_BYTES = 1024 * 1024;
/** A feeding request renews its hold on the import with every batch; one silent this long was interrupted. */
const LEASE_MS = 30_000;

/** The import's id: from the Idempotency-Key (a resend continues it), else a new one. */
export function importIdFor(agencyId: string, idempotencyKey?: string): string {
  return caseId('IMP', agencyId, idempotencyKey, 'filing-import');
}

/** The imported filing's case id, from its source record: the same record always reaches the same case. */
export function importedFilingId(insuredRegion: string, sourceId: string): string {
  return caseId('FIL-IMP', insuredRegion, sourceId, 'filing-import');
}

interface AcceptedLine {
  line: number;
  key: string;
  contentHash: string;
  input: FilingWorkflowInput;
}

interface BatchOutcome {
  lastLine: number;
  counts: ImportCounts;
}

/** What a line turned out to be: a case to start, or a rejection with its catalogue error. */
type Decision = { accepted: AcceptedLine } | { rejected: ImportRejection };

function rejection(importId: string, line: number, sourceId: string | null, err: unknown, at: Date): ImportRejection {
  const { body } = renderError(err);
  const { code, category, message, details } = body.error;
  return { _id: `${importId}:${line}`, importId, line, sourceId, error: { code, category, message, details }, at };
}

function contentHash(text: unknown): string {
  return createHash('sha256').update(JSON.stringify(text)).digest('hex');
}

/** Runs `task` over `items` with at most `limit` at once. */
async function eachConcurrently<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The filing request inside an import line, as a clerk's request would carry it. */
function applicationOf(line: ImportLine): FilingApplication {
  const {
    sourceId: _s,
    validFrom: _f,
    applicationDate: _a,
    validUntil: _u,
    commitmentDeadline: _d,
    fundPaidUnderCommitmentFen: _p,
    ...request
  } = line;
  return request;
}

/**
 * One line checked as a clerk's filing would be (schema, region, rules), with the old system's
 * dates. Anything but a rule or input refusal (a fault) is thrown, not reported as the line's.
 */
function decideLine(
  ctx: AppContext,
  principal: Principal,
  job: { importId: string; importedOn: string; at: Date },
  line: number,
  text: string,
): Decision {
  const { importId, importedOn, at } = job;
  if (Buffer.byteLength(text) > MAX_LINE_BYTES) {
    return { rejected: rejection(importId, line, null, new DomainError('IMPORT_LINE_TOO_LONG', { maxBytes: MAX_LINE_BYTES }), at) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { rejected: rejection(importId, line, null, new DomainError('IMPORT_LINE_MALFORMED', {}), at) };
  }
  const claimedSource = (raw as { sourceId?: unknown }).sourceId;
  const sourceId = typeof claimedSource === 'string' ? claimedSource.slice(0, 100) : null;
  const parsed = importLineSchema.safeParse(raw);
  if (!parsed.success) {
    const err = new DomainError('VALIDATION_FAILED', { fields: zodFieldProblems(parsed.error as z.ZodError, 'line') });
    return { rejected: rejection(importId, line, sourceId, err, at) };
  }
  const record = parsed.data;
  try {
    assertInsuredClerkOf(principal, record.insuredRegion);
    const { filing: policy } = ctx.policies.forRegion(record.insuredRegion);
    const filingId = importedFilingId(record.insuredRegion, record.sourceId);
    const application = applicationOf(record);
    const origin: ImportedOrigin = {
      sourceId: record.sourceId,
      importId,
      line,
      validFrom: record.validFrom,
      ...(record.applicationDate ? { applicationDate: record.applicationDate } : {}),
      ...(record.validUntil !== undefined ? { validUntil: record.validUntil } : {}),
      ...(record.commitmentDeadline ? { commitmentDeadline: record.commitmentDeadline } : {}),
      ...(record.fundPaidUnderCommitmentFen !== undefined ? { fundPaidUnderCommitmentFen: record.fundPaidUnderCommitmentFen } : {}),
      importedOn,
    };
    // The very opening the workflow will run: a line that passes here opens its case there.
    openImportedFilingCase(policy, { id: filingId, application, origin });
    return {
      accepted: {
        line,
        key: sourceKey(record.insuredRegion, record.sourceId),
        contentHash: contentHash(record),
        input: {
          filingId,
          application,
          applicationDate: originalApplicationDate(origin),
          policy,
          commitmentBarred: false,
          actor: actorOf(principal),
          imported: origin,
        },
      },
    };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { rejected: rejection(importId, line, record.sourceId, err, at) };
  }
}

/** Starts one imported case; a case already started under its id counts as started (a resumed line). */
async function startImportedCase(ctx: AppContext, input: FilingWorkflowInput): Promise<void> {
  try {
    // Each start under a deadline of its own: the request's one would run out long before a large file does.
    await ctx.upstream.withDeadline(() =>
      ctx.temporal.workflow.start('filingWorkflow', {
        workflowId: input.filingId,
        taskQueue: ctx.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        // A closed case is not started again either: its source record may not say STARTED yet.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
  } catch (err) {
    if ((err as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw err;
  }
}

interface ClaimedBatch {
  counts: ImportCounts;
  toStart: AcceptedLine[];
}

/**
 * A batch's lines, checked and claimed: rejections recorded, source records inserted. A line whose
 * source record exists already is started only where this import holds it (a resumed line) or
 * where an interrupted import claimed it without marking it started; a STARTED one is a repeat,
 * one with other content a conflict.
 */
async function claimBatch(ctx: AppContext, importId: string, decisions: Decision[], at: Date): Promise<ClaimedBatch> {
  const counts: ImportCounts = { ...NO_COUNTS, read: decisions.length };
  const rejections: ImportRejection[] = [];
  const accepted: AcceptedLine[] = [];
  for (const decision of decisions) {
    if ('rejected' in decision) rejections.push(decision.rejected);
    else accepted.push(decision.accepted);
  }
  const claims: ImportedSource[] = accepted.map((a) => ({
    _id: a.key,
    insuredRegion: a.input.application.insuredRegion,
    sourceId: a.input.imported!.sourceId,
    filingId: a.input.filingId,
    importId,
    line: a.line,
    contentHash: a.contentHash,
    state: 'CLAIMED',
    at,
  }));
  const taken = await claimSources(ctx.db, claims);
  const toStart: AcceptedLine[] = [];
  await eachConcurrently(accepted, 8, async (a) => {
    if (!taken.has(a.key)) return void toStart.push(a);
    const source = await findSource(ctx.db, a.key);
    if (!source) throw new Error(`X-3: source ${a.key} refused as a duplicate but not found`);
    const mine = source.importId === importId && source.line === a.line;
    if (!mine && source.contentHash !== a.contentHash) {
      const details = { sourceId: source.sourceId, filingId: source.filingId, importId: source.importId, line: source.line };
      rejections.push(rejection(importId, a.line, source.sourceId, new DomainError('IMPORT_SOURCE_CONFLICT', details), at));
      return;
    }
    // Another line of this very import holds it: the record twice in one file, the later line a repeat.
    const claimedByInterruptedImport = source.state === 'CLAIMED' && source.importId !== importId;
    if (mine || claimedByInterruptedImport) toStart.push(a);
    else counts.alreadyImported += 1;
  });
  await recordRejections(ctx.db, rejections);
  counts.rejected = rejections.length;
  counts.accepted = counts.read - counts.rejected;
  counts.started = toStart.length;
  return { counts, toStart };
}

/** The batch's cases started (bounded concurrency), then their sources marked STARTED. */
async function startBatch(ctx: AppContext, batch: ClaimedBatch): Promise<ImportCounts> {
  await eachConcurrently(batch.toStart, IMPORT_START_CONCURRENCY, (a) => startImportedCase(ctx, a.input));
  await markSourcesStarted(
    ctx.db,
    batch.toStart.map((a) => a.key),
  );
  return batch.counts;
}

function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    read: a.read + b.read,
    accepted: a.accepted + b.accepted,
    rejected: a.rejected + b.rejected,
    started: a.started + b.started,
    alreadyImported: a.alreadyImported + b.alreadyImported,
  };
}

/** Reads the NDJSON body line by line from `fromLine` on and imports it in batches; answers the job as it ends (or as it was, when done before). */
export async function importFilings(
  ctx: AppContext,
  principal: Principal,
  body: Readable,
  opts: { idempotencyKey?: string; fromLine: number },
): Promise<{ job: ImportJob; replayed: boolean }> {
  const importId = importIdFor(principal.agencyId, opts.idempotencyKey);
  const nowMs = await ctx.clock.nowMs();
  const importedOn = isoDateInShanghai(nowMs);
  await openImportJob(ctx.db, {
    _id: importId,
    agencyId: principal.agencyId,
    key: opts.idempotencyKey ?? null,
    status: 'RECEIVING',
    committedThrough: 0,
    counts: { ...NO_COUNTS },
    totalLines: null,
    activeUntil: new Date(0),
    createdAt: new Date(nowMs),
    updatedAt: new Date(nowMs),
    completedAt: null,
  });
  const job = (await findImportJob(ctx.db, importId))!;
  // The whole file was recorded before: the same key answers the same import, starting nothing.
  if (job.status === 'DONE') return { job, replayed: true };
  if (job.activeUntil.getTime() > nowMs)
    throw new DomainError('IMPORT_IN_PROGRESS', { importId, activeUntil: job.activeUntil.toISOString() });
  if (opts.fromLine > job.committedThrough + 1) {
    throw new DomainError('IMPORT_RESUME_GAP', { importId, fromLine: opts.fromLine, resumeFromLine: job.committedThrough + 1 });
  }
  await recordImportProgress(ctx.db, importId, { activeUntil: new Date(nowMs + LEASE_MS) }, new Date(nowMs));

  let committedThrough = job.committedThrough;
  let counts = { ...job.counts };
  let batch: Array<{ line: number; text: string }> = [];
  let lineNo = opts.fromLine - 1;
  const inFlight: Array<Promise<BatchOutcome>> = [];
  let claimedBefore: Promise<unknown> = Promise.resolve();

  /** Commits batches in file order: the job never counts a line whose predecessors are not recorded. */
  const commitOldest = async () => {
    const outcome = await inFlight.shift()!;
    counts = addCounts(counts, outcome.counts);
    committedThrough = outcome.lastLine;
    const at = await ctx.clock.nowMs();
    await recordImportProgress(ctx.db, importId, { committedThrough, counts, activeUntil: new Date(at + LEASE_MS) }, new Date(at));
  };
  const dispatch = (lines: Array<{ line: number; text: string }>) => {
    const lastLine = lines[lines.length - 1].line;
    const at = new Date(nowMs);
    // Checked and claimed in file order (of one source twice in the file, the later line is the
    // repeat); started while the next batch is read and claimed.
    const claimed = claimedBefore.then(() => {
      const decisions = lines
        .filter((l) => l.text.trim() !== '')
        .map((l) => decideLine(ctx, principal, { importId, importedOn, at }, l.line, l.text));
      return claimBatch(ctx, importId, decisions, at);
    });
    claimedBefore = claimed.catch(() => undefined);
    const outcome = claimed.then(async (batch) => ({ lastLine, counts: await startBatch(ctx, batch) }));
    outcome.catch(() => undefined); // awaited in order by commitOldest; never an unhandled rejection meanwhile
    inFlight.push(outcome);
  };

  let failure: unknown;
  try {
    await pipeline(body, split2({ maxLength: MAX_STREAM_LINE_BYTES }), async (lines: AsyncIterable<string>) => {
      for await (const text of lines) {
        lineNo += 1;
        if (lineNo <= committedThrough) continue; // recorded before (a resend of the whole file)
        batch.push({ line: lineNo, text });
        if (lineNo % IMPORT_BATCH_LINES !== 0) continue;
        dispatch(batch);
        batch = [];
        if (inFlight.length >= BATCHES_IN_FLIGHT) await commitOldest();
      }
    });
    if (batch.length) dispatch(batch);
  } catch (err) {
    // The body broke off (or a line ran past any sane length): what was whole is still recorded below.
    failure = err;
  }
  try {
    while (inFlight.length) await commitOldest();
  } catch (err) {
    failure ??= err;
    await Promise.allSettled(inFlight);
  }
  const endMs = await ctx.clock.nowMs();
  if (failure) {
    await recordImportProgress(ctx.db, importId, { activeUntil: new Date(endMs) }, new Date(endMs));
    const resume = { importId, resumeFromLine: committedThrough + 1 };
    // A client that went away: Node says ECONNRESET ("aborted") or a premature close, by version.
    const code = (failure as { code?: string }).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET') throw new DomainError('IMPORT_INTERRUPTED', resume);
    if (/maximum buffer/.test(String((failure as Error).message))) {
      throw new DomainError('PAYLOAD_TOO_LARGE', { ...resume, maxLineBytes: MAX_STREAM_LINE_BYTES });
    }
    throw failure;
  }
  await recordImportProgress(
    ctx.db,
    importId,
    { status: 'DONE', totalLines: lineNo, completedAt: new Date(endMs), activeUntil: new Date(endMs) },
    new Date(endMs),
  );
  return { job: (await findImportJob(ctx.db, importId))!, replayed: false };
}

/** The import as GET /imports/:id reports it: progress, and one page of the rejected lines. */
export async function importReport(ctx: AppContext, principal: Principal, importId: string, page = 1, pageSize = 100) {
  const job = await findImportJob(ctx.db, importId);
  if (!job || (principal.role !== 'ADMIN' && job.agencyId !== principal.agencyId)) throw new DomainError('NOT_FOUND', { importId });
  return reportOf(ctx, job, page, pageSize);
}

export async function reportOf(ctx: AppContext, job: ImportJob, page = 1, pageSize = 100) {
  const nowMs = await ctx.clock.nowMs();
  const rejections = await listRejections(ctx.db, job._id, page, pageSize);
  const interrupted = job.status === 'RECEIVING' && job.activeUntil.getTime() <= nowMs;
  return {
    id: job._id,
    status: job.status === 'DONE' ? ('DONE' as const) : interrupted ? ('INTERRUPTED' as const) : ('RECEIVING' as const),
    progress: job.counts,
    totalLines: job.totalLines,
    resumeFromLine: job.committedThrough + 1,
    createdAt: formatShanghaiTimestamp(job.createdAt.getTime()),
    updatedAt: formatShanghaiTimestamp(job.updatedAt.getTime()),
    completedAt: job.completedAt ? formatShanghaiTimestamp(job.completedAt.getTime()) : null,
    rejections: {
      items: rejections.items.map((r) => ({ line: r.line, sourceId: r.sourceId ?? null, error: r.error })),
      page,
      pageSize,
      total: rejections.total,
    },
  };
}
