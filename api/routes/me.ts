// Who am I: the caller's agency, role, region and institution, so a client (the web console,
// U-1..U-4) shows only what the key's role may do, and for which region.
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { commonErrorResponses } from '../http/errorSchema';
import { AGENCY_ROLES } from '../../models/apiKey';

const meSchema = z
  .object({
    agencyId: z.string().describe('The agency the key belongs to, e.g. INSURED_CLERK:440800 or HOSPITAL:H110000001'),
    role: z.enum(AGENCY_ROLES),
    region: z.string().nullable().describe('6-digit region code; null for ADMIN'),
    hospitalId: z.string().nullable().describe('HOSPITAL keys: the one institution the key acts for (H-4); null otherwise'),
  })
  .meta({ id: 'Me' });

export const meRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/me',
    summary: 'The caller: agency, role, region and institution of the API key',
    tags: ['session'],
    access: AGENCY_ROLES,
    responses: { 200: { description: 'the caller', schema: meSchema }, ...commonErrorResponses },
    handler: async ({ principal }) => ({
      status: 200,
      body: { agencyId: principal.agencyId, role: principal.role, region: principal.region, hospitalId: principal.hospitalId },
    }),
  }),
];
