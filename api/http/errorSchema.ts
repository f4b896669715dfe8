import { z } from 'zod';

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      category: z.enum(['VALIDATION', 'POLICY', 'STATE', 'AUTH', 'NOT_FOUND', 'CONFLICT', 'UPSTREAM']),
      message: z.object({ zh: z.string(), en: z.string() }),
      details: z.record(z.string(), z.unknown()),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The error responses every authenticated endpoint can give, for the OpenAPI document. */
export const commonErrorResponses = {
  400: { description: 'VALIDATION: bad input (failing fields in details.fields)', schema: errorResponseSchema },
  401: { description: 'AUTH: missing or unknown API key', schema: errorResponseSchema },
  403: { description: 'AUTH: role or region not allowed', schema: errorResponseSchema },
} as const;
