// X-3: imports a local NDJSON file of existing filings through POST /api/v1/imports/filings,
// showing a progress bar, then prints the report (counts and the first rejected lines).
//   npm run import-filings -- --file filings.ndjson --api-key dev-440800-clerk [--url http://127.0.0.1:3000]
// The Idempotency-Key defaults to the file's content hash, so running the same command again after
// a broken upload (or a crash of the API) continues the same import: lines already recorded are
// skipped by the API and no source record is ever started twice.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { z } from 'zod';

const argsSchema = z.object({
  file: z.string().min(1),
  'api-key': z.string().min(1),
  url: z.url().default('http://127.0.0.1:3000'),
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/)
    .optional(),
  'show-rejections': z.coerce.number().int().min(0).default(20),
});

interface ImportReport {
  id: string;
  status: string;
  progress: { read: number; accepted: number; rejected: number; started: number; alreadyImported: number };
  totalLines: number | null;
  resumeFromLine: number;
  rejections: {
    items: Array<{ line: number; sourceId: string | null; error: { code: string; message: { zh: string; en: string } } }>;
    total: number;
  };
}

/** The file's SHA-256: the default Idempotency-Key, so the same file always continues the same import. */
async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex').slice(0, 40);
}

/** Streams the file as the body (never read whole), moving the bar by the bytes the API has taken. */
function upload(
  target: URL,
  file: string,
  headers: Record<string, string>,
  bar: cliProgress.SingleBar,
): Promise<{ status: number; body: string }> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson' } });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    let sent = 0;
    let lines = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        for (const byte of chunk) if (byte === 0x0a) lines += 1;
        bar.update(sent, { lines });
        done(null, chunk);
      },
    });
    // A refusal answered before the body is sent whole ends the upload; the answer above says why.
    pipeline(fs.createReadStream(file), counter, req).catch((err: unknown) => {
      if (!req.writableFinished && !req.destroyed) reject(err as Error);
    });
    req.on('error', reject);
  });
}

function printReport(report: ImportReport, show: number): void {
  const p = report.progress;
  process.stdout.write(
    `import ${report.id}: ${report.status}\n` +
      `  lines read ${p.read}, accepted ${p.accepted} (started ${p.started}, already imported ${p.alreadyImported}), rejected ${p.rejected}\n`,
  );
  if (report.status !== 'DONE') process.stdout.write(`  resume from line ${report.resumeFromLine}: run the same command again\n`);
  for (const r of report.rejections.items.slice(0, show)) {
    process.stdout.write(
      `  line ${r.line}${r.sourceId ? ` (${r.sourceId})` : ''}: ${r.error.code} ${r.error.message.en} / ${r.error.message.zh}\n`,
    );
  }
  if (report.rejections.total > show) {
    process.stdout.write(`  ... ${report.rejections.total - show} more rejected lines: GET /api/v1/imports/${report.id}?page=2\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      'api-key': { type: 'string' },
      url: { type: 'string' },
      'idempotency-key': { type: 'string' },
      'show-rejections': { type: 'string' },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(
      `${z.prettifyError(parsed.error)}\nusage: npm run import-filings -- --file <filings.ndjson> --api-key <key> [--url http://127.0.0.1:3000] [--idempotency-key <key>]\n`,
    );
    process.exit(2);
  }
  const args = parsed.data;
  const size = fs.statSync(args.file).size;
  const key = args['idempotency-key'] ?? `import-${await fileHash(args.file)}`;

  const bar = new cliProgress.SingleBar(
    { format: 'importing |{bar}| {percentage}% | {value}/{total} bytes | {lines} lines sent', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size, 0, { lines: 0 });
  let answer: { status: number; body: string };
  try {
    answer = await upload(
      new URL('/api/v1/imports/filings', args.url),
      args.file,
      { authorization: `Bearer ${args['api-key']}`, 'idempotency-key': key },
      bar,
    );
  } finally {
    bar.stop();
  }
  const body = JSON.parse(answer.body || '{}') as ImportReport & { error?: { code: string; message: { en: string }; details: unknown } };
  if (answer.status !== 202) {
    process.stderr.write(`refused (${answer.status}): ${body.error?.code ?? ''} ${body.error?.message.en ?? answer.body}\n`);
    if (body.error?.details) process.stderr.write(`${JSON.stringify(body.error.details)}\n`);
    process.exit(1);
  }
  printReport(body, args['show-rejections']);
  process.stdout.write(`Idempotency-Key: ${key}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\nrun the same command again to resume the import\n`);
  process.exit(1);
});
