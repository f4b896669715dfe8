// H-1 registry shapes: an institution with its status and dated history, and the body of a
// suspension or reinstatement.
import { z } from 'zod';
import { INSTITUTION_STATUSES } from '../../domain/registry/status';
import { hospitalId, isoDate, nonBlank } from './common';
import { regionCodeSchema } from '../../domain/schemas';

export const hospitalIdParams = z.strictObject({
  id: hospitalId,
});

export const hospitalListQuery = z.strictObject({
  region: regionCodeSchema.optional().describe('Treatment region; a province also lists its cities'),
});

export const statusChangeRequestSchema = z
  .strictObject({
    reason: nonBlank(500).describe('Why (e.g. 违规使用医保基金，暂停异地直接结算)'),
    effectiveDate: isoDate.describe('From which day the change applies (Asia/Shanghai)'),
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
