// WeChat Pay API v3 signatures and the notify resource cipher, with node:crypto alone: the protocol needs
// RSA-SHA256 (PKCS#1 v1.5) both ways and AES-256-GCM, nothing an SDK would add to.
import { createDecipheriv, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

/** WeChat Pay refuses requests, and we refuse answers, whose timestamp is further than this from now. */
export const CLOCK_SKEW_S = 300;

export interface MerchantKey {
  mchid: string;
  /** Serial number of the merchant API certificate whose private key signs our requests. */
  serialNo: string;
  privateKey: KeyObject;
}

export interface WechatpaySignatureHeaders {
  /** Wechatpay-Serial: a platform certificate serial or a public-key id `PUB_KEY_ID_…`. */
  serial: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

export type SignatureVerdict = 'ok' | 'unknown-serial' | 'stale' | 'bad-signature';

/** The encrypted `resource` of a notify. */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** 32 hex characters: WeChat Pay allows up to 32, and a nonce only has to be unpredictable. */
export const randomNonce = (): string => randomBytes(16).toString('hex').toUpperCase();

/** Every v3 signature is over lines each ended by "\n", the last one included. */
const message = (...lines: string[]) => lines.map((l) => `${l}\n`).join('');

const rsaSign = (text: string, privateKey: KeyObject) =>
  sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');

/** The Authorization header of one request; `body` is '' for GET and must be the exact bytes sent. */
export function authorizationHeader(
  merchant: MerchantKey,
  method: string,
  pathWithQuery: string,
  body: string,
  nowS: number = nowSeconds(),
  nonce: string = randomNonce(),
): string {
  const timestamp = String(nowS);
  const signature = rsaSign(
    message(method.toUpperCase(), pathWithQuery, timestamp, nonce, body),
    merchant.privateKey,
  );
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${merchant.mchid}",nonce_str="${nonce}",` +
    `signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`
  );
}

/**
 * Whether WeChat Pay signed this answer or notify. The key is chosen by the serial it names, so during a
 * switch from platform certificates to the WeChat Pay public key both can be configured; a serial we do
 * not know is refused rather than tried against every key. WeChat's probe signatures
 * (`WECHATPAY/SIGNTEST/…`) fail here on purpose, as they should.
 */
export function verifyWechatpaySignature(
  keys: ReadonlyMap<string, KeyObject>,
  headers: WechatpaySignatureHeaders,
  body: string,
  nowS: number = nowSeconds(),
): SignatureVerdict {
  const key = keys.get(headers.serial);
  if (!key) return 'unknown-serial';
  if (!/^\d{1,12}$/.test(headers.timestamp)) return 'stale';
  if (Math.abs(nowS - Number(headers.timestamp)) > CLOCK_SKEW_S) return 'stale';
  try {
    const signed = Buffer.from(message(headers.timestamp, headers.nonce, body), 'utf8');
    return verify('sha256', signed, key, Buffer.from(headers.signature, 'base64')) ? 'ok' : 'bad-signature';
  } catch {
    return 'bad-signature'; // a private key or a key of another type configured by mistake
  }
}

/** The plaintext of a notify resource (AEAD_AES_256_GCM with the APIv3 key); throws unless the tag matches. */
export function decryptResource(apiV3Key: string, resource: EncryptedResource): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM')
    throw new Error(`unsupported algorithm ${resource.algorithm}`);
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 16) throw new Error('ciphertext shorter than its tag');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}

/** What the pay page hands to WeixinJSBridge 'getBrandWCPayRequest' for a JSAPI prepay_id. */
export function jsapiPayParams(
  appId: string,
  prepayId: string,
  privateKey: KeyObject,
  nowS: number = nowSeconds(),
  nonce: string = randomNonce(),
): JsapiPayParams {
  const timeStamp = String(nowS);
  const pkg = `prepay_id=${prepayId}`;
  return {
    appId,
    timeStamp,
    nonceStr: nonce,
    package: pkg,
    signType: 'RSA',
    paySign: rsaSign(message(appId, timeStamp, nonce, pkg), privateKey),
  };
}
