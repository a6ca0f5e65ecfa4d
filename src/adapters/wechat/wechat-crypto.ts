// WeChat Official Account signatures and safe-mode (AES) encryption, per the server protocol:
// key = base64(EncodingAESKey + "="), AES-256-CBC, IV = first 16 bytes of the key, PKCS#7 padding to
// 32-byte blocks (Node's built-in padding assumes 16 and throws on real messages, so it is done here),
// plaintext = 16 random bytes + 4-byte big-endian length + message + AppID.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32;

export function sha1Signature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('WECHAT_AES_KEY must be the 43-character EncodingAESKey');
  return key;
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK); // always pads, 1..32 bytes
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK) throw new Error('bad padding');
  return data.subarray(0, data.length - n);
}

export function encryptMessage(xml: string, key: Buffer, appId: string): string {
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pad(Buffer.concat([randomBytes(16), length, body, Buffer.from(appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Decrypts and checks the AppID; throws on any mismatch. */
export function decryptMessage(encrypted: string, key: Buffer, appId: string): string {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = unpad(Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]));
  const length = plain.readUInt32BE(16);
  const message = plain.subarray(20, 20 + length).toString('utf8');
  const from = plain.subarray(20 + length).toString('utf8');
  if (from !== appId) throw new Error('AppID mismatch');
  return message;
}
