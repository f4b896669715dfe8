// X-3 through HTTP on the real stack: POST /imports/filings with an NDJSON file of good and bad
// lines, the report of GET /imports/:id, the imported filings with their original dates, and
// idempotency per source record (a resend, another import of the same records, a broken upload resumed).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startApp, api, DEV_API_KEYS, type TestApp } from '../setup/stackEnv';
import { commitmentFiling, longTermFiling, temporaryFiling } from '../support/filingRequests';
import { addMonthsClamped, isoDateInShanghai, validThrough } from '../../domain/time';
import type { FilingApplication } from '../../domain/filing/types';
import { agencyIdFor } from '../../api/http/apiKeys';
import { importIdFor } from '../../api/services/imports';

const clerk440800 = DEV_API_KEYS.clerk440800.key;
const clerk220000 = DEV_API_KEYS.clerk220000.key;

const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

describe('filing import endpoints (X-3)', () => {
  let app: TestApp;
  const run = `${process.pid}-${Date.now()}`;
  const today = isoDateInShanghai(Date.now());

  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function postImport(key: string, body: string, headers: Record<string, string> = {}, query = '') {
    const res = await fetch(`${app.baseUrl}/api/v1/imports/filings${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', ...headers },
      body,
    });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  }

  /** The person's filings as the list endpoint shows them. */
  async function filingsOf(personId: string) {
    const res = await api(app, 'GET', `/api/v1/filings?personId=${personId}`, { key: clerk440800 });
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id?: string; filingId?: string; validFrom: string; status: string }>;
  }
  const idOf = (f: { id?: string; filingId?: string }) => f.id ?? f.filingId;

  /** A line of the file: a filing request with the old system's record id and dates. */
  type Line = FilingApplication & { sourceId: string; validFrom: string; applicationDate?: string; validUntil?: string | null };
  const good: Line[] = [
    { ...temporaryFiling(), sourceId: `ZJ-${run}-1`, validFrom: addMonthsClamped(today, -2) },
    {
      ...longTermFiling(),
      sourceId: `ZJ-${run}-2`,
      validFrom: addMonthsClamped(today, -14),
      applicationDate: addMonthsClamped(today, -13),
    },
    { ...temporaryFiling(), sourceId: `ZJ-${run}-3`, validFrom: addMonthsClamped(today, -5), validUntil: addMonthsClamped(today, 1) },
  ];
  const file = ndjson([
    good[0],
    '{"sourceId": "broken", ',
    good[1],
    { ...temporaryFiling(), validFrom: today }, // no sourceId
    { ...commitmentFiling(), sourceId: `JL-${run}-1`, validFrom: today }, // another insured region
    { ...temporaryFiling({ commitment: true }), sourceId: `ZJ-${run}-4`, validFrom: today },
    { ...temporaryFiling(), sourceId: `ZJ-${run}-5`, validFrom: today, validUntil: addMonthsClamped(today, -1) },
    good[2],
    good[0], // the same record twice in one file: the later line is a repeat
  ]);
  const expectedRejections = [
    { line: 2, sourceId: null, code: 'IMPORT_LINE_MALFORMED' },
    { line: 4, sourceId: null, code: 'VALIDATION_FAILED' },
    { line: 5, sourceId: `JL-${run}-1`, code: 'AUTH_FORBIDDEN_REGION' },
    { line: 6, sourceId: `ZJ-${run}-4`, code: 'FILING_COMMITMENT_NOT_ALLOWED_FOR_TYPE' },
    { line: 7, sourceId: `ZJ-${run}-5`, code: 'IMPORT_DATES_INCONSISTENT' },
  ];
  const key = `imp-${run}`;
  let importId = '';
  const caseIds = new Map<string, string>();

  it('X-3, E-1: a file of good and bad lines is accepted (202); every refused line is reported with its number and catalogue code', async () => {
    const res = await postImport(clerk440800, file, { 'Idempotency-Key': key });
    expect(res.status).toBe(202);
    importId = res.body.id;
    expect(res.headers.get('location')).toBe(`/api/v1/imports/${importId}`);
    expect(res.body).toMatchObject({
      status: 'DONE',
      totalLines: 9,
      resumeFromLine: 10,
      progress: { read: 9, accepted: 4, rejected: 5, started: 3, alreadyImported: 1 },
    });

    const report = await api(app, 'GET', `/api/v1/imports/${importId}`, { key: clerk440800 });
    expect(report.status).toBe(200);
    expect(report.body.progress).toEqual(res.body.progress);
    expect(report.body.rejections.total).toBe(5);
    const rejected = report.body.rejections.items.map((r: any) => ({ line: r.line, sourceId: r.sourceId, code: r.error.code }));
    expect(rejected).toEqual(expectedRejections);
    for (const r of report.body.rejections.items) {
      expect(r.error.category).toMatch(/^[A-Z_]+$/);
      expect(r.error.message.zh).toBeTruthy();
      expect(r.error.message.en).toBeTruthy();
    }
    expect(report.body.rejections.items[1].error.details.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining('sourceId') })]),
    );
  });

  it('X-3: the imported filings are read with GET /filings/:id, with their original validFrom and dates', async () => {
    for (const line of good) {
      // The cases open in the background: wait until each person's filing is there.
      let filings: Awaited<ReturnType<typeof filingsOf>> = [];
      for (let i = 0; i < 100 && filings.length === 0; i += 1) {
        filings = await filingsOf(line.personId);
        if (!filings.length) await new Promise((r) => setTimeout(r, 100));
      }
      expect(filings).toHaveLength(1);
      const id = idOf(filings[0])!;
      caseIds.set(line.sourceId, id);
      const filing = await api(app, 'GET', `/api/v1/filings/${id}`, { key: clerk440800 });
      expect(filing.status).toBe(200);
      expect(filing.body).toMatchObject({ status: 'ACTIVE', validFrom: line.validFrom });
      expect(filing.body.events[0]).toMatchObject({
        type: 'CREATED',
        data: expect.objectContaining({ imported: expect.objectContaining({ sourceId: line.sourceId, importId }) }),
      });
    }
    const [temporary, longTerm, recorded] = good;
    expect((await api(app, 'GET', `/api/v1/filings/${caseIds.get(temporary.sourceId)}`, { key: clerk440800 })).body.validUntil).toBe(
      validThrough(temporary.validFrom, 6),
    );
    expect((await api(app, 'GET', `/api/v1/filings/${caseIds.get(longTerm.sourceId)}`, { key: clerk440800 })).body.validUntil).toBeNull();
    expect((await api(app, 'GET', `/api/v1/filings/${caseIds.get(recorded.sourceId)}`, { key: clerk440800 })).body.validUntil).toBe(
      recorded.validUntil,
    );
  });

  it('X-3: the same file sent again with the same Idempotency-Key answers the same import and starts nothing twice', async () => {
    const again = await postImport(clerk440800, file, { 'Idempotency-Key': key });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.body.id).toBe(importId);
    expect(again.body.progress).toEqual({ read: 9, accepted: 4, rejected: 5, started: 3, alreadyImported: 1 });
    for (const line of good) {
      const filings = await filingsOf(line.personId);
      expect(filings.map(idOf)).toEqual([caseIds.get(line.sourceId)]);
    }
  });

  it('X-3: records already imported by another import are not started again; a new record beside them is', async () => {
    const fresh = { ...temporaryFiling(), sourceId: `ZJ-${run}-6`, validFrom: addMonthsClamped(today, -1) };
    const other = await postImport(clerk440800, ndjson([...good, fresh]), { 'Idempotency-Key': `${key}-other` });
    expect(other.status).toBe(202);
    expect(other.body.id).not.toBe(importId);
    expect(other.body.progress).toEqual({ read: 4, accepted: 4, rejected: 0, started: 1, alreadyImported: 3 });
    for (const line of good) expect((await filingsOf(line.personId)).map(idOf)).toEqual([caseIds.get(line.sourceId)]);

    // The same source record with other content is a conflict, not a repeat.
    const changed = await postImport(clerk440800, ndjson([{ ...good[0], validFrom: addMonthsClamped(today, -3) }]));
    expect(changed.status).toBe(202);
    expect(changed.body.progress).toMatchObject({ read: 1, rejected: 1, started: 0 });
    expect(changed.body.rejections.items[0]).toMatchObject({
      line: 1,
      sourceId: good[0].sourceId,
      error: { code: 'IMPORT_SOURCE_CONFLICT', details: expect.objectContaining({ filingId: caseIds.get(good[0].sourceId) }) },
    });
  });

  it('X-3: another agency does not see the import (404); a body that is not NDJSON is refused (415)', async () => {
    const byOther = await api(app, 'GET', `/api/v1/imports/${importId}`, { key: clerk220000 });
    expect(byOther.status).toBe(404);
    expect(byOther.body.error.code).toBe('NOT_FOUND');
    const json = await api(app, 'POST', '/api/v1/imports/filings', { key: clerk440800, body: good[0] });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('IMPORT_MEDIA_TYPE');
  });

  it('X-3: an upload broken off after a whole batch is resumed with the same key from resumeFromLine', async () => {
    // Lines refused by the rules are as much a part of the file as good ones and start nothing: 600 of them, cheap.
    const lines = Array.from({ length: 600 }, (_, i) => ({
      ...temporaryFiling(),
      sourceId: `ZJ-${run}-R${i + 1}`,
      validFrom: today,
      validUntil: addMonthsClamped(today, -1),
    }));
    const resumeKey = `${key}-resume`;
    const url = new URL('/api/v1/imports/filings', app.baseUrl);
    // The first 550 lines, then the connection drops.
    await new Promise<void>((resolve) => {
      const req = http.request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${clerk440800}`,
          'content-type': 'application/x-ndjson',
          'idempotency-key': resumeKey,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => {
        res.resume();
        resolve();
      });
      req.write(ndjson(lines.slice(0, 550)), () => setTimeout(() => req.destroy(), 500));
    });
    let report: any;
    for (let i = 0; i < 100; i += 1) {
      const res = await api(app, 'GET', `/api/v1/imports/${importIdFor(agencyIdFor('INSURED_CLERK', '440800'), resumeKey)}`, {
        key: clerk440800,
      });
      report = res.body;
      if (res.status === 200 && report.status === 'INTERRUPTED') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(report).toMatchObject({ status: 'INTERRUPTED', resumeFromLine: 501, progress: { read: 500, rejected: 500 } });

    const rest = await postImport(clerk440800, ndjson(lines.slice(500)), { 'Idempotency-Key': resumeKey }, '?fromLine=501');
    expect(rest.status).toBe(202);
    expect(rest.body).toMatchObject({ status: 'DONE', totalLines: 600, progress: { read: 600, rejected: 600, started: 0 } });
    expect(rest.body.rejections.total).toBe(600);

    // A resume that would skip lines is refused.
    const gap = await postImport(clerk440800, ndjson(lines.slice(0, 1)), { 'Idempotency-Key': `${key}-gap` }, '?fromLine=5');
    expect(gap.status).toBe(409);
    expect(gap.body.error.code).toBe('IMPORT_RESUME_GAP');
  });

  it('X-3: the CLI imports a local file with a progress bar and prints the report; run again, it starts nothing twice', async () => {
    const lines = [
      { ...temporaryFiling(), sourceId: `ZJ-${run}-CLI1`, validFrom: addMonthsClamped(today, -1) },
      '[1, 2]',
      { ...longTermFiling(), sourceId: `ZJ-${run}-CLI2`, validFrom: addMonthsClamped(today, -7) },
    ];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
    const file = path.join(dir, 'filings.ndjson');
    fs.writeFileSync(file, ndjson(lines));
    const cli = () =>
      promisify(execFile)(
        process.execPath,
        [require.resolve('tsx/cli'), 'scripts/importFilings.ts', '--file', file, '--api-key', clerk440800, '--url', app.baseUrl],
        { cwd: path.resolve(__dirname, '..', '..') },
      );
    const first = await cli();
    expect(first.stdout).toMatch(/: DONE\n/);
    expect(first.stdout).toContain('lines read 3, accepted 2 (started 2, already imported 0), rejected 1');
    expect(first.stdout).toContain('line 2: IMPORT_LINE_MALFORMED');
    // The same file is the same import (its hash is the key): answered as it stands.
    const second = await cli();
    expect(second.stdout).toContain('lines read 3, accepted 2 (started 2, already imported 0), rejected 1');
    expect(second.stdout.split('\n')[0]).toBe(first.stdout.split('\n')[0]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
