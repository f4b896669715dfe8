// The payload codec that keeps personal data out of Temporal's database (payloadCodec.ts):
// AES-256-GCM, the key id in the payload, rotation by listing the new key first.
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  DEV_ENCRYPTION_KEYS,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  parseEncryptionKeys,
  payloadCodecOf,
} from '../../payloadCodec';

const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const personId = '11010519491231002X';
const plain = (): Payload => defaultPayloadConverter.toPayload({ personId, billFen: 123_456 })!;
const utf8 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('payload codec (AES-256-GCM)', () => {
  const oldKey = keyText('k2024');
  const newKey = keyText('k2025');

  it('round trip: what is encoded decodes to the same payload, and the ciphertext holds no ID number', async () => {
    const codec = payloadCodecOf(oldKey);
    const [sealed] = await codec.encode([plain()]);
    expect(utf8(sealed.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(sealed.data!).includes(Buffer.from(personId))).toBe(false);
    expect(JSON.stringify(sealed)).not.toContain(personId);

    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ personId, billFen: 123_456 });
  });

  it('two encodings of one payload differ (a fresh IV each time)', async () => {
    const codec = payloadCodecOf(oldKey);
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('the payload carries the id of the key that encrypted it: the first configured key', async () => {
    const codec = payloadCodecOf(`${newKey},${oldKey}`);
    expect(codec.keyId).toBe('k2025');
    const [sealed] = await codec.encode([plain()]);
    expect(utf8(sealed.metadata?.[KEY_ID_METADATA])).toBe('k2025');
  });

  it('rotation: a payload encrypted with the old key decrypts once the new key is listed first', async () => {
    const [beforeRotation] = await payloadCodecOf(oldKey).encode([plain()]);
    const rotated = payloadCodecOf(`${newKey},${oldKey}`);
    const [opened] = await rotated.decode([beforeRotation]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ personId, billFen: 123_456 });
    // and once the old key is dropped, that payload can no longer be read
    await expect(payloadCodecOf(newKey).decode([beforeRotation])).rejects.toThrow(/k2024.*not among PAYLOAD_ENCRYPTION_KEYS/);
  });

  it('a tampered payload fails to decrypt (a flipped ciphertext byte, or another key id)', async () => {
    const codec = payloadCodecOf(`${newKey},${oldKey}`);
    const [sealed] = await codec.encode([plain()]);
    const data = Buffer.from(sealed.data!);
    data[20] ^= 0x01;
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow();

    // The key id is authenticated: the same bytes passed off under the other configured key fail.
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from('k2024') } };
    await expect(codec.decode([relabelled])).rejects.toThrow();
    // the untouched payload still decodes, so the refusals above are the tampering's doing
    await expect(codec.decode([sealed])).resolves.toHaveLength(1);
  });

  it('a payload written before encryption passes through decode unchanged', async () => {
    const before = plain();
    const [out] = await payloadCodecOf(oldKey).decode([before]);
    expect(out).toBe(before);
  });

  it('without configured keys the fixed dev key is used', () => {
    expect(payloadCodecOf('').keyId).toBe(parseEncryptionKeys(DEV_ENCRYPTION_KEYS)[0].id);
    expect(payloadCodecOf(undefined).keyId).toBe('dev');
  });

  it.each([
    ['k1:' + Buffer.alloc(16).toString('base64'), /16 bytes/],
    [':' + Buffer.alloc(32).toString('base64'), /expected keyId:base64key/],
    [`${keyText('a')},a:${Buffer.alloc(32).toString('base64')}`, /"a" is given twice/],
    [' , ', /no key given/],
  ])('a bad key list "%s" is refused naming the problem', (text, problem) => {
    expect(() => parseEncryptionKeys(text)).toThrow(problem);
  });

  it('a codec needs a key', () => {
    expect(() => new AesGcmPayloadCodec([])).toThrow(/at least one key/);
  });
});
