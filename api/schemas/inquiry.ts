// Inquiry request/response shapes of API.md (I-1..I-6), built from the domain's vocabularies.
import { z } from 'zod';
import { CONFIRMATION_DECISIONS, INQUIRY_KINDS, INQUIRY_RESULTS, INQUIRY_STATUSES } from '../../domain/inquiry/types';
import { pageOf, pageQuery, nonBlank, temporalUiUrl } from './common';
import { regionCodeSchema } from '../../domain/schemas';

export const inquiryRequestSchema = z
  .strictObject({
    settlementId: z.string().min(1).max(80).meta({ description: 'A stored settlement of your insured region' }),
    reason: nonBlank(2000).meta({ description: 'What the treatment region is asked to check' }),
    suspectedViolation: z.boolean().meta({ description: 'The bill looks non-compliant (with the I-1 threshold: expense inquiry)' }),
  })
  .meta({ id: 'InquiryRequest' });

export const inquiryAnswerSchema = z
  .strictObject({
    result: z.enum(INQUIRY_RESULTS),
    reasons: z.array(nonBlank(500)).max(50).default([]),
    disallowedFen: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0).meta({
      description: 'Fund money paid against the rules (VERIFIED_ISSUE: > 0 and at most what the fund paid; VERIFIED_OK: 0)',
    }),
  })
  .meta({ id: 'InquiryAnswer' });

export const confirmationRequestSchema = z
  .strictObject({
    decision: z.enum(CONFIRMATION_DECISIONS),
    note: z.string().trim().max(1000).optional(),
  })
  .meta({ id: 'InquiryConfirmation' });

export const forwardRequestSchema = z
  .strictObject({
    toAgencyRegion: regionCodeSchema.meta({ description: 'The agency that can answer (6-digit region code); not your own' }),
    note: nonBlank(1000).meta({ description: 'Why it is forwarded, for the agency that receives it' }),
  })
  .meta({ id: 'InquiryForwardRequest' });

const eventSchema = z.object({
  seq: z.number().int(),
  at: z.string().meta({ description: 'ISO 8601 with +08:00' }),
  type: z.string(),
  actor: z.string(),
  note: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

const responseSchema = z.object({
  result: z.enum(INQUIRY_RESULTS),
  reasons: z.array(z.string()),
  disallowedFen: z.number().int(),
  respondedOn: z.string(),
  round: z.number().int(),
  late: z.boolean(),
});

export const inquirySchema = z
  .object({
    id: z.string(),
    temporalUiUrl,
    kind: z.enum(INQUIRY_KINDS),
    status: z.enum(INQUIRY_STATUSES),
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    settlementId: z.string(),
    hospitalId: z.string(),
    reason: z.string(),
    suspectedViolation: z.boolean(),
    openedOn: z.string(),
    period: z.string().nullable().meta({ description: 'I-2 period YYYY-MM (expense inquiry); null for issue collaboration' }),
    dueDate: z.string().meta({ description: 'Answer deadline now in force (inclusive)' }),
    overdue: z.boolean(),
    overdueCount: z.number().int().meta({ description: 'I-2: periods the request rolled over unanswered' }),
    reminderDate: z.string().nullable(),
    response: responseSchema.nullable(),
    responses: z.array(responseSchema),
    confirmationDueDate: z.string().nullable(),
    negotiationDueDate: z.string().nullable(),
    confirmation: z
      .object({ decision: z.enum(CONFIRMATION_DECISIONS), note: z.string().nullable(), decidedOn: z.string(), deemed: z.boolean() })
      .nullable(),
    escalated: z.boolean(),
    forwards: z
      .array(z.object({ toAgencyRegion: z.string(), fromAgencyRegion: z.string(), note: z.string(), forwardedOn: z.string() }))
      .meta({ description: 'I-4: forwards by the first receiver, which stays responsible; the deadline does not move' }),
    forwardedTo: z.array(z.string()).meta({ description: 'I-4, I-6: agencies it was forwarded to; each may read and answer it' }),
    recoveryId: z.string().nullable().meta({
      description: 'I-5: the recovery started by a confirmed VERIFIED_ISSUE, named once you can read it (GET /recoveries/:id)',
    }),
    closedOn: z.string().nullable(),
    nextDeadline: z.object({ kind: z.string(), date: z.string() }).nullable(),
    events: z.array(eventSchema).meta({ description: 'Timeline: who did what, when' }),
  })
  .meta({ id: 'Inquiry' });

export const inquiryListQuery = z.strictObject({
  status: z.enum(INQUIRY_STATUSES).optional(),
  kind: z.enum(INQUIRY_KINDS).optional(),
  ...pageQuery,
});

export const inquiryPageSchema = pageOf(inquirySchema, 'InquiryPage');
export { eventSchema as caseEventSchema };
