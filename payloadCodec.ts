// Personal data (ID numbers, bills) stays out of Temporal's database: every workflow and activity
// payload is encrypted with AES-256-GCM by the API's client and the worker before it leaves the
// process. The key id travels in the payload's metadata, so keys rotate: the first configured key
// encrypts, every configured key decrypts. Payloads written before encryption (recorded histories,
// cases begun earlier) pass through unchanged.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/**
 * The key of dev and tests when none is configured; refused with NODE_ENV=production (config.ts).
 * Public by design: it protects nothing, it only keeps the encrypted path the one that is tested.
 */
export const DEV_ENCRYPTION_KEYS = 'dev:ZGV2LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24tMzJieXQ=';

/** `keyId:base64key,...` (32-byte keys): the first encrypts, all decrypt. Throws naming the problem. */
export function parseEncryptionKeys(text: string): EncryptionKey[] {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf(':');
      const id = part.slice(0, at);
      if (at < 1 || !/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`"${part.slice(0, 8)}...": expected keyId:base64key`);
      const key = Buffer.from(part.slice(at + 1), 'base64');
      if (key.length !== 32) throw new Error(`key "${id}" is ${key.length} bytes, AES-256 needs 32 (openssl rand -base64 32)`);
      return { id, key };
    });
  if (!keys.length) throw new Error('no key given');
  const ids = keys.map((k) => k.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`key id "${twice}" is given twice`);
  return keys;
}

const text = (value: string) => Buffer.from(value, 'utf8');
const read = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly encrypting: EncryptionKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: readonly EncryptionKey[]) {
    if (!keys.length) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.encrypting = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The id of the key new payloads are encrypted with. */
  get keyId(): string {
    return this.encrypting.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.encrypting.key, iv);
      // The key id is authenticated too: a payload cannot be passed off under another key's name.
      cipher.setAAD(text(this.encrypting.id));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: text(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: text(this.encrypting.id) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (read(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = read(payload.metadata?.[KEY_ID_METADATA]) ?? '';
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`payload encrypted with key "${keyId}", which is not among PAYLOAD_ENCRYPTION_KEYS`);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error(`encrypted payload too short (${sealed.length} bytes)`);
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(text(keyId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The codec of the configured keys, or of the dev key when none is configured. */
export function payloadCodecOf(configuredKeys: string | undefined): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(parseEncryptionKeys(configuredKeys || DEV_ENCRYPTION_KEYS));
}
