// bulk import of existing filings. The POST body is NDJSON read as it arrives (the route
// declares a streamed body: nothing buffers it whole), so its lines are validated by the handler
// with the import line schema, which the OpenAPI document shows as the application/x-ndjson content.
import { defineRoute } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { idParams } from '../schemas/common';
import { importLineSchema, importQuery, importReportQuery, importReportSchema, NDJSON } from '../schemas/import';
import { importFilings, importReport, reportOf } from '../services/imports';

const tags = ['imports'];

export const importRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/imports/filings',
    needsWorker: true,
    summary: 'Bulk import of existing filings (X-3): NDJSON, one filing record per line, started with their original dates',
    tags,
    access: ['INSURED_CLERK', 'ADMIN'],
    query: importQuery,
    stream: {
      contentType: NDJSON,
      itemSchema: importLineSchema,
      wrongMediaType: 'IMPORT_MEDIA_TYPE',
      description:
        'One FilingImportLine per line (a filing request with sourceId and the original dates). Each line is checked on its own; a refused line is reported by GET /imports/:id (with its line number and catalogue error) and never fails the rest. Idempotent per insured region and sourceId. With an Idempotency-Key the import can be resumed: send the file again with the same key (whole, or from resumeFromLine with ?fromLine=).',
    },
    idempotency: 'handler',
    responses: {
      202: {
        description:
          'the import, its cases started (they open in the background): progress and the first page of rejected lines; Location names it. An import already done under this Idempotency-Key is answered as it stands (Idempotent-Replay: true), starting nothing',
        schema: importReportSchema,
      },
      ...commonErrorResponses,
      409: {
        description: 'IMPORT_IN_PROGRESS (another request feeds it), IMPORT_RESUME_GAP (fromLine past the recorded lines)',
        schema: errorResponseSchema,
      },
      413: { description: 'PAYLOAD_TOO_LARGE: a line longer than 1 MiB (no line break?)', schema: errorResponseSchema },
      415: { description: 'IMPORT_MEDIA_TYPE: the body is not application/x-ndjson', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, req, query, idempotencyKey }) => {
      const { job, replayed } = await importFilings(ctx, principal, req, { idempotencyKey, fromLine: query.fromLine });
      const headers: Record<string, string> = { Location: `/api/v1/imports/${job._id}` };
      if (replayed) headers['Idempotent-Replay'] = 'true';
      return { status: 202, headers, body: await reportOf(ctx, job) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/imports/:id',
    summary: 'An import: status, progress (read, accepted, rejected, started, already imported) and every rejected line with its error',
    tags,
    access: ['INSURED_CLERK', 'ADMIN'],
    params: idParams,
    query: importReportQuery,
    responses: {
      200: { description: 'the import report (rejected lines paged in line order)', schema: importReportSchema },
      ...commonErrorResponses,
      404: { description: 'NOT_FOUND: no such import of your agency', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, params, query }) => ({
      status: 200,
      body: await importReport(ctx, principal, params.id, query.page, query.pageSize),
    }),
  }),
];
