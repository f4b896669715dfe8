// The remote codec endpoints of Temporal's codec-server protocol, so an authorised operator's Temporal
// UI or CLI shows the decrypted payloads of a case (payloadCodec.ts): POST /codec/decode and
// /codec/encode with `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`. Only ADMIN keys
// may call them (the UI sends the key as its Authorization header, the CLI with --codec-auth);
// every decode is logged with who asked. Browsers may call them from CODEC_CORS_ORIGINS only.
import cors from 'cors';
import type { Express } from 'express';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import { defineRoute } from '../http/route';
import { commonErrorResponses } from '../http/errorSchema';
import { payloadCodecOf, type AesGcmPayloadCodec } from '../../payloadCodec';

const CODEC_PATHS = ['/codec/encode', '/codec/decode'];

const base64 = z.base64().max(2 * 1024 * 1024);
const payloadSchema = z
  .object({
    metadata: z.record(z.string().max(200), base64).optional(),
    data: base64.optional(),
  })
  .meta({ id: 'CodecPayload', description: 'A Temporal Payload in protobuf JSON: metadata values and data base64' });
const payloadsSchema = z.object({ payloads: z.array(payloadSchema).max(10_000) }).meta({ id: 'CodecPayloads' });

type PayloadJson = z.infer<typeof payloadSchema>;

const fromJson = (p: PayloadJson): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): PayloadJson => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

let memo: { keys: string; codec: AesGcmPayloadCodec } | undefined;
function codecFor(keys: string): AesGcmPayloadCodec {
  if (memo?.keys !== keys) memo = { keys, codec: payloadCodecOf(keys) };
  return memo.codec;
}

/** One payload the codec cannot decode (a key no longer configured) is handed back as it is, not the whole batch refused. */
async function decodeEach(codec: AesGcmPayloadCodec, payloads: Payload[]): Promise<{ payloads: Payload[]; undecodable: number }> {
  let undecodable = 0;
  const decoded = await Promise.all(
    payloads.map(async (p) => {
      try {
        return (await codec.decode([p]))[0];
      } catch {
        undecodable += 1;
        return p;
      }
    }),
  );
  return { payloads: decoded, undecodable };
}

const responses = { 200: { description: 'the payloads, in the order sent', schema: payloadsSchema }, ...commonErrorResponses };

export const codecRoutes = [
  defineRoute({
    method: 'post',
    path: '/codec/decode',
    summary: 'Temporal remote codec: decrypt payloads for the Temporal UI or CLI (personal data: ADMIN only, logged)',
    tags: ['operations'],
    access: ['ADMIN'],
    body: payloadsSchema,
    responses,
    handler: async ({ ctx, principal, body }) => {
      const { payloads, undecodable } = await decodeEach(codecFor(ctx.config.PAYLOAD_ENCRYPTION_KEYS), body.payloads.map(fromJson));
      ctx.logger.info('payloads decoded', { agency: principal.agencyId, user: principal.userId, count: payloads.length, undecodable });
      return { status: 200, body: { payloads: payloads.map(toJson) } };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/codec/encode',
    summary: 'Temporal remote codec: encrypt payloads (a UI or CLI sending input to a case)',
    tags: ['operations'],
    access: ['ADMIN'],
    body: payloadsSchema,
    responses,
    handler: async ({ ctx, body }) => {
      const payloads = await codecFor(ctx.config.PAYLOAD_ENCRYPTION_KEYS).encode(body.payloads.map(fromJson));
      return { status: 200, body: { payloads: payloads.map(toJson) } };
    },
  }),
];

/** CORS for the codec endpoints: the Temporal UI calls them from its own origin (CODEC_CORS_ORIGINS). */
export function mountCodecCors(app: Express, origins: string[]): void {
  app.use(
    CODEC_PATHS,
    cors({
      origin: origins,
      credentials: true,
      methods: ['POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
      maxAge: 600,
    }),
  );
}
