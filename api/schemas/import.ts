// the shapes of the bulk import. One line of the NDJSON body is a clerk's filing request
// (the same zod schema, so the same fields and limits) with the old system's record id and the
// original dates in place of `startDate`; the import report lists every rejected line.
import { z } from 'zod';
import { filingRequestSchema } from './filing';
import { pageQuery } from './common';
import { isoDateSchema } from '../../domain/schemas';

export const NDJSON = 'application/x-ndjson';

export const importLineSchema = filingRequestSchema
  .omit({ startDate: true })
  .extend({
    sourceId: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .meta({ description: "The old system's record id: one imported filing per insured region and sourceId (a repeat starts nothing)" }),
    validFrom: isoDateSchema.meta({ description: 'The original validity start (no F-5 back-dating limit: the filing is moved, not new)' }),
    applicationDate: isoDateSchema
      .optional()
      .meta({ description: 'The original application date (default validFrom); not after the import day' }),
    validUntil: isoDateSchema
      .nullable()
      .optional()
      .meta({ description: 'The original last valid day (null: open-ended); absent: computed by the region policy (F-2)' }),
    commitmentDeadline: isoDateSchema
      .optional()
      .meta({ description: 'Commitment filings: the original last day of the period; absent: validFrom + the policy period (F-6)' }),
    fundPaidUnderCommitmentFen: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Commitment filings: fund money the old system paid under it, recovered too if it lapses (F-7)' }),
  })
  .meta({ id: 'FilingImportLine' });

export type ImportLine = z.output<typeof importLineSchema>;

export const importQuery = z.strictObject({
  fromLine: z.coerce
    .number()
    .int()
    .min(1)
    .default(1)
    .meta({ description: 'Resume: the number the first line of this body has in the file (GET /imports/:id says resumeFromLine)' }),
});

export const importReportQuery = z.strictObject({ ...pageQuery });

const countsSchema = z.object({
  read: z.number().int().meta({ description: 'Lines read and decided' }),
  accepted: z.number().int().meta({ description: 'Valid lines (started now or imported before)' }),
  rejected: z.number().int(),
  started: z.number().int().meta({ description: 'Filing cases started by this import' }),
  alreadyImported: z.number().int().meta({ description: 'Valid lines whose source record was imported before: nothing started twice' }),
});

export const importRejectionSchema = z.object({
  line: z.number().int(),
  sourceId: z.string().nullable(),
  error: z.object({
    code: z.string(),
    category: z.string(),
    message: z.object({ zh: z.string(), en: z.string() }),
    details: z.record(z.string(), z.unknown()),
  }),
});

export const importReportSchema = z
  .object({
    id: z.string(),
    status: z.enum(['RECEIVING', 'INTERRUPTED', 'DONE']).meta({
      description:
        'RECEIVING: a request is feeding it; INTERRUPTED: it stopped before the end of the file (send it again with the same Idempotency-Key from resumeFromLine); DONE',
    }),
    progress: countsSchema,
    totalLines: z.number().int().nullable().meta({ description: 'Lines in the file, once all of it has arrived' }),
    resumeFromLine: z.number().int().meta({ description: 'The first line not yet recorded' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    completedAt: z.string().nullable(),
    rejections: z.object({
      items: z.array(importRejectionSchema),
      page: z.number().int(),
      pageSize: z.number().int(),
      total: z.number().int(),
    }),
  })
  .meta({ id: 'FilingImport' });
