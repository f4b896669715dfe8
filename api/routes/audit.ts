import { z } from 'zod';
import { defineRoute } from '../http/route';
import { commonErrorResponses, errorResponseSchema } from '../http/errorSchema';
import { caseAudit } from '../services/audit';

const auditEventSchema = z.object({
  eventId: z.string(),
  caseType: z.string(),
  action: z.string(),
  actor: z.object({ agencyId: z.string(), role: z.string(), keyId: z.string().nullish(), userId: z.string().nullish() }),
  at: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  details: z.unknown().optional(),
});

export const auditRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/audit',
    summary: "E-2: a case's audit trail (who, with which key, when, what, before/after), for those who may read the case",
    tags: ['audit'],
    access: ['INSURED_CLERK', 'TREATMENT_AGENCY', 'HOSPITAL', 'ADMIN'],
    query: z.strictObject({
      caseId: z.string().min(1).max(120).meta({ description: 'FIL-, INQ-, REC-, STL-/RMB-, CLR- id, a hospital id, or a key id' }),
    }),
    responses: {
      200: {
        description: 'the trail, oldest first',
        schema: z.object({ caseId: z.string(), items: z.array(auditEventSchema) }).meta({ id: 'AuditTrail' }),
      },
      ...commonErrorResponses,
      404: { description: 'NOT_FOUND: no such case, or not one you may read', schema: errorResponseSchema },
    },
    handler: async ({ ctx, principal, query }) => ({ status: 200, body: await caseAudit(ctx, principal, query.caseId) }),
  }),
];
