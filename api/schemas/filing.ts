// Filing request/response shapes of API.md, built from the domain's own vocabularies.
import { z } from 'zod';
import {
  FILING_TYPES,
  LONG_TERM_SUBTYPES,
  FILING_STATUSES,
  INSURANCE_STATUS_CHANGES,
  PERSON_CATEGORIES,
  PROOF_KINDS,
  SCHEMES,
} from '../../domain/filing/types';
import { isoDate, pageOf, pageQuery, personId, temporalUiUrl } from './common';
import { regionCodeSchema } from '../../domain/schemas';

const proofSchema = z.strictObject({
  kind: z.enum(PROOF_KINDS).meta({
    description:
      'F-1: HOUSEHOLD_REGISTRATION 户口簿 / ID_CARD 身份证 (RESETTLED), RESIDENCE_PROOF 居住证明 (RESIDENT), WORK_CERTIFICATE 工作证明 / STUDY_CERTIFICATE 进修证明 (WORKING), MEDICAL_RECORD 病历',
  }),
  validUntil: isoDate.optional().meta({ description: 'End date printed on the proof (220000 RESIDENT/WORKING validity, F-2)' }),
  residentSince: isoDate.optional().meta({ description: 'Date from which the proof shows residence/work in the treatment region (F-5)' }),
});

const referralSchema = z.strictObject({
  fromHospital: z.string().min(1).max(40),
  certificateNo: z.string().min(1).max(60),
});

export const filingRequestSchema = z
  .strictObject({
    personId: personId,
    scheme: z.enum(SCHEMES),
    insuredRegion: regionCodeSchema,
    treatmentRegion: regionCodeSchema,
    type: z.enum(FILING_TYPES),
    subtype: z.enum(LONG_TERM_SUBTYPES).optional(),
    commitment: z.boolean(),
    proof: proofSchema.optional(),
    referral: referralSchema.optional(),
    startDate: isoDate.optional().meta({ description: 'Validity start; before today = retroactive filing 补办 (F-5)' }),
    admissionDate: isoDate.optional(),
    selfService: z.boolean().optional(),
    personCategory: z.enum(PERSON_CATEGORIES).optional().meta({ description: 'F-1: a WORKING filing needs IN_SERVICE' }),
  })
  .meta({ id: 'FilingRequest' });

export const filingEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  note: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const filingSchema = z
  .object({
    id: z.string(),
    temporalUiUrl,
    status: z.enum(FILING_STATUSES),
    personId: z.string(),
    formerPersonIds: z.array(z.string()),
    scheme: z.enum(SCHEMES),
    insuredRegion: z.string(),
    treatmentRegion: z.string(),
    type: z.enum(FILING_TYPES),
    subtype: z.enum(LONG_TERM_SUBTYPES).nullable(),
    commitment: z.boolean(),
    validFrom: z.string(),
    validUntil: z.string().nullable().meta({ description: 'Inclusive last valid day; null = open-ended' }),
    commitmentDeadline: z.string().nullable(),
    commitmentFulfilledOn: z.string().nullable(),
    retroactive: z.boolean(),
    benefitsBothRegions: z.boolean(),
    selfService: z.boolean(),
    linkedFilingId: z.string().nullable(),
    reReferrals: z.array(z.string()),
    supersededBy: z.string().nullable(),
    endedOn: z.string().nullable(),
    fundPaidUnderCommitmentFen: z.number().int(),
    recoveryObligationFen: z.number().int(),
    recoveryId: z.string().nullable(),
    nextDeadline: z.object({ kind: z.enum(['COMMITMENT_LAPSE', 'EXPIRY', 'INSURANCE_END']), date: z.string() }).nullable(),
    events: z.array(filingEventSchema),
  })
  .meta({ id: 'Filing' });

export const filingListQuery = z.strictObject({
  personId: personId.optional(),
  status: z.enum(FILING_STATUSES).optional(),
  type: z.enum(FILING_TYPES).optional(),
  ...pageQuery,
});

export const filingPageSchema = pageOf(filingSchema, 'FilingPage');

export const materialsRequestSchema = z
  .strictObject({
    proof: proofSchema.optional(),
    referral: referralSchema.optional().meta({ description: 'The referral certificate, for a REFERRAL commitment filing' }),
  })
  .refine((m) => m.proof !== undefined || m.referral !== undefined, { message: 'supply proof or referral' })
  .meta({ id: 'FilingMaterials', minProperties: 1, description: 'proof, referral or both' });

export const changeRequestSchema = z
  .strictObject({
    treatmentRegion: regionCodeSchema.optional(),
    subtype: z.enum(LONG_TERM_SUBTYPES).optional(),
    proof: proofSchema.optional(),
    personCategory: z
      .enum(PERSON_CATEGORIES)
      .optional()
      .meta({ description: 'F-1: needed when changing to WORKING, which is for in-service employees (IN_SERVICE) only' }),
    note: z.string().max(500).optional(),
  })
  .refine((c) => c.treatmentRegion !== undefined || c.subtype !== undefined || c.proof !== undefined, {
    message: 'name at least one of treatmentRegion, subtype, proof',
  })
  .meta({
    id: 'FilingChange',
    // Not an anyOf of required-lists (openapi-typescript turns that into `unknown`, and the
    // console's forms are typed from the generated schema): "not all three absent".
    not: { properties: { treatmentRegion: false, subtype: false, proof: false } },
    description: 'at least one of treatmentRegion, subtype, proof (else 400 VALIDATION_FAILED)',
  });

export const cancelRequestSchema = z
  .strictObject({
    requestedOnlineByPerson: z.boolean().meta({ description: 'The person asked online (F-8: refused for self-service filings)' }),
    reason: z.string().max(500).optional(),
  })
  .meta({ id: 'FilingCancel' });

export const reReferralRequestSchema = z
  .strictObject({
    treatmentRegion: regionCodeSchema
      .optional()
      .meta({ description: 'Region of the further hospital; default: the original filing region' }),
    fromHospital: z
      .string()
      .min(1)
      .max(40)
      .meta({ description: 'Hospital issuing the re-referral (HOSPITAL route: must hold referral rights)' }),
    certificateNo: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .meta({ description: 'New referral certificate; required unless sameDisease (the original proof is reused)' }),
    sameDisease: z.boolean().meta({ description: 'Same disease: simplified filing reusing the original proof (F-10)' }),
    startDate: isoDate.optional(),
  })
  .refine((r) => r.sameDisease || r.certificateNo !== undefined, {
    message: 'a re-referral for another disease needs certificateNo',
    path: ['certificateNo'],
  })
  .meta({
    id: 'ReReferralRequest',
    if: { properties: { sameDisease: { const: false } }, required: ['sameDisease'] },
    then: { required: ['certificateNo'] },
    description: 'certificateNo is required unless sameDisease is true (else 400 VALIDATION_FAILED)',
  });

export const personRenumberSchema = z
  .strictObject({ newPersonId: personId, note: z.string().max(500).optional() })
  .meta({ id: 'PersonRenumber' });

export const insuranceStatusRequestSchema = z
  .strictObject({
    status: z.enum(INSURANCE_STATUS_CHANGES).meta({ description: 'F-12: 停保 STOPPED, 转出 TRANSFERRED_OUT, 死亡 DECEASED' }),
    effectiveDate: isoDate.meta({ description: 'The day the filings stop counting (Asia/Shanghai); a later day ends them then' }),
  })
  .meta({ id: 'InsuranceStatusChange' });

export const insuranceStatusResultSchema = z
  .object({
    changeId: z.string(),
    personId: z.string(),
    status: z.enum(INSURANCE_STATUS_CHANGES),
    effectiveDate: z.string(),
    filingsTold: z.array(z.string()).meta({ description: 'Live filings that end on the effective date (or when it comes)' }),
    skipped: z.array(z.string()).meta({ description: 'Filings that had ended before they could be told' }),
  })
  .meta({ id: 'InsuranceStatusResult' });
