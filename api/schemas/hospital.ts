// H-1 registry shapes: an institution with its status and dated history, and the body of a
// suspension or reinstatement.
import { z } from 'zod';
import { isoDateSchema } from '../../domain/time';
import { regionCodeSchema } from '../../domain/filing/types';
import { INSTITUTION_STATUSES } from '../../domain/registry/status';

export const hospitalIdParams = z.strictObject({
  id: z
    .string()
    .regex(/^H\d{9}$/, 'H + 6-digit region code + 3-digit number, e.g. H110000001')
    .meta({ example: 'H110000001' }),
});

export const hospitalListQuery = z.strictObject({
  region: regionCodeSchema.optional().describe('Treatment region; a province also lists its cities'),
});

export const statusChangeRequestSchema = z
  .strictObject({
    reason: z.string().trim().min(1).max(500).describe('Why (e.g. 违规使用医保基金，暂停异地直接结算)'),
    effectiveDate: isoDateSchema.describe('From which day the change applies (Asia/Shanghai)'),
  })
  .meta({ id: 'InstitutionStatusChangeRequest' });

const statusChangeSchema = z.object({
  seq: z.number().int(),
  status: z.enum(INSTITUTION_STATUSES),
  reason: z.string(),
  effectiveDate: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});

export const hospitalSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    region: z.string(),
    level: z.number().int().min(1).max(3),
    networked: z.boolean(),
    referralRights: z.boolean(),
    designatedReferrer: z.boolean(),
    status: z.enum(INSTITUTION_STATUSES).describe('Status today'),
    statusSince: z.string().nullable(),
    statusReason: z.string().nullable(),
    history: z.array(statusChangeSchema),
  })
  .meta({ id: 'Hospital' });

export const hospitalListSchema = z.object({ items: z.array(hospitalSchema), total: z.number().int() }).meta({ id: 'HospitalList' });
