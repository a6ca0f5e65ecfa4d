// Reads a WeChat Pay notify: proves WeChat Pay sent it (signature, key by serial, fresh timestamp), decrypts
// the resource and checks it is addressed to our merchant. What the event means for an order is decided
// elsewhere; a duplicate or replayed notify is verified here like any other and must be handled there.
import type { KeyObject } from 'node:crypto';
import { decryptResource, verifyWechatpaySignature, type EncryptedResource } from './wechatpay-signing.js';
import {
  isRefundNotice,
  isTransaction,
  type WechatPayRefundNotice,
  type WechatPayTransaction,
} from './wechatpay-client.js';

export interface WechatPayNotifySettings {
  platformKeys: ReadonlyMap<string, KeyObject>;
  /** The 32-character APIv3 key set in the merchant platform. */
  apiV3Key: string;
  mchid: string;
  appid: string;
}

export type WechatPayEvent =
  | { id: string; type: 'TRANSACTION.SUCCESS'; createTime: string; resource: WechatPayTransaction }
  | {
      id: string;
      type: 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
      createTime: string;
      resource: WechatPayRefundNotice;
    };

export type NotifyRefusal =
  | 'unknown-serial'
  | 'stale'
  | 'bad-signature'
  | 'cannot-decrypt'
  | 'bad-json'
  | 'unknown-event'
  | 'wrong-mchid'
  | 'wrong-appid';

/**
 * 401 when we cannot believe WeChat Pay sent it, 400 when it did but we cannot use it; either way WeChat
 * retries (answer with {"code":"FAIL","message":reason}), which gives time to fix a key or a setting.
 */
export type NotifyReading =
  { ok: true; event: WechatPayEvent } | { ok: false; status: 401 | 400; reason: NotifyRefusal };

/** Node's IncomingHttpHeaders, a Koa ctx.headers, or any name → value record. */
export type NotifyHeaders = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: NotifyHeaders, name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isEncryptedResource(v: unknown): v is EncryptedResource {
  return (
    isObject(v) &&
    typeof v.algorithm === 'string' &&
    typeof v.ciphertext === 'string' &&
    typeof v.nonce === 'string' &&
    (v.associated_data === undefined || typeof v.associated_data === 'string')
  );
}

const refuse = (status: 401 | 400, reason: NotifyRefusal): NotifyReading => ({ ok: false, status, reason });

/** `rawBody` must be the bytes as received: the signature is over them, not over re-serialised JSON. */
export function readNotify(
  settings: WechatPayNotifySettings,
  headers: NotifyHeaders,
  rawBody: string | Buffer,
  nowS?: number,
): NotifyReading {
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  const verdict = verifyWechatpaySignature(
    settings.platformKeys,
    {
      serial: header(headers, 'wechatpay-serial'),
      signature: header(headers, 'wechatpay-signature'),
      timestamp: header(headers, 'wechatpay-timestamp'),
      nonce: header(headers, 'wechatpay-nonce'),
    },
    body,
    nowS,
  );
  if (verdict !== 'ok') return refuse(401, verdict);

  const envelope = parse(body);
  if (!isObject(envelope) || typeof envelope.id !== 'string' || typeof envelope.event_type !== 'string')
    return refuse(400, 'bad-json');
  if (envelope.resource_type !== 'encrypt-resource' || !isEncryptedResource(envelope.resource))
    return refuse(400, 'cannot-decrypt');
  let plaintext: string;
  try {
    plaintext = decryptResource(settings.apiV3Key, envelope.resource);
  } catch {
    return refuse(400, 'cannot-decrypt');
  }
  const resource = parse(plaintext);
  const id = envelope.id;
  const createTime = typeof envelope.create_time === 'string' ? envelope.create_time : '';

  switch (envelope.event_type) {
    case 'TRANSACTION.SUCCESS':
      if (!isTransaction(resource)) return refuse(400, 'bad-json');
      if (resource.mchid !== settings.mchid) return refuse(400, 'wrong-mchid');
      if (resource.appid !== settings.appid) return refuse(400, 'wrong-appid');
      return { ok: true, event: { id, type: 'TRANSACTION.SUCCESS', createTime, resource } };
    case 'REFUND.SUCCESS':
    case 'REFUND.ABNORMAL':
    case 'REFUND.CLOSED':
      // Refund notifies carry no appid.
      if (!isRefundNotice(resource)) return refuse(400, 'bad-json');
      if (resource.mchid !== settings.mchid) return refuse(400, 'wrong-mchid');
      return { ok: true, event: { id, type: envelope.event_type, createTime, resource } };
    default:
      return refuse(400, 'unknown-event');
  }
}
