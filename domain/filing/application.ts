// API.md "Filing request" as a zod schema, so the API validates bodies (and generates its
// OpenAPI document) from the same definition the domain types mirror. Cross-field rules
// (subtype only for LONG_TERM, proof or commitment, ...) are checked by planFiling, which
// answers with specific catalogue codes instead of a generic validation error.
import { z } from 'zod';
import { personIdSchema } from '../personId';
import { isoDateSchema } from '../time';
import { FILING_TYPES, LONG_TERM_SUBTYPES, SCHEMES, regionCodeSchema, type FilingApplication } from './types';

export const proofSchema = z.object({
  kind: z.string().trim().min(1).max(100).describe('Document name, e.g. 户口簿, 居住证, 工作证明'),
  validUntil: isoDateSchema.optional().describe('End date printed on the proof (F-2, 220000)'),
  residentSince: isoDateSchema.optional().describe('Date from which the proof shows residence (F-5, 220000)'),
});

export const referralSchema = z.object({
  fromHospital: z.string().trim().min(1).max(40).describe('Referring hospital id'),
  certificateNo: z.string().trim().min(1).max(64).describe('Referral certificate number 转诊证明编号'),
});

export const filingRequestSchema = z.object({
  personId: personIdSchema,
  scheme: z.enum(SCHEMES),
  insuredRegion: regionCodeSchema,
  treatmentRegion: regionCodeSchema,
  type: z.enum(FILING_TYPES),
  subtype: z.enum(LONG_TERM_SUBTYPES).optional().describe('LONG_TERM only'),
  commitment: z.boolean().describe('承诺制: proof missing, promised within the commitment period (F-6)'),
  proof: proofSchema.optional(),
  referral: referralSchema.optional(),
  startDate: isoDateSchema.optional().describe('Validity start; earlier than today = retroactive (F-5)'),
  admissionDate: isoDateSchema.optional().describe('Admission of the stay to cover (F-4, F-5)'),
  selfService: z.boolean().optional().describe('Made through self-service 自助备案 (F-8)'),
});

export type FilingRequest = z.infer<typeof filingRequestSchema>;

/** The domain application from a validated request body. */
export function toFilingApplication(body: FilingRequest): FilingApplication {
  return { ...body };
}
