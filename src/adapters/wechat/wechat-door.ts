// The steps of the WeChat door, each on its own: verify the query → refuse a replay → open the envelope
// (parse, and in safe mode check msg_signature and decrypt) → answer within the deadline → seal the reply.
// A step that refuses throws DoorRefusal with the HTTP status and a word for the log.
import { randomBytes } from 'node:crypto';
import type { Reply } from '../../bot/types.js';
import { useSignature } from '../../domain/conversation/signed-requests.js';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
  signatureMatches,
} from './wechat-crypto.js';
import { encryptedReplyXml, parseWechatXml, type WechatFields } from './wechat-xml.js';

const TIMESTAMP_WINDOW_S = 300;

export class DoorRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** What the door checks with: the token, the AppID, and the AES keys (current first, then previous). */
export interface DoorKeys {
  token: string;
  appId: string;
  aesKeys: Buffer[];
  /** Plain (unencrypted) messages are refused: a key is set and the mode is not 'compatible'. */
  safeModeOnly: boolean;
}

export function doorKeys(settings: {
  token: string;
  appId?: string | undefined;
  aesKey?: string | undefined;
  previousAesKey?: string | undefined;
  messageMode?: 'safe' | 'compatible' | undefined;
}): DoorKeys {
  const aesKeys = [settings.aesKey, settings.previousAesKey].filter((k): k is string => !!k).map(aesKeyOf);
  return {
    token: settings.token,
    appId: settings.appId ?? '',
    aesKeys,
    safeModeOnly: aesKeys.length > 0 && settings.messageMode !== 'compatible',
  };
}

export type DoorQuery = Record<string, string | undefined>;

/** Signed by our token, and recent: a timestamp is whole seconds, without a leading zero, within 5 min. */
export function signedAndRecent(keys: DoorKeys, q: DoorQuery, nowS = Date.now() / 1000): boolean {
  const { signature, timestamp, nonce } = q;
  if (!timestamp || !nonce || !/^[1-9]\d{0,11}$/.test(timestamp)) return false;
  if (Math.abs(nowS - Number(timestamp)) > TIMESTAMP_WINDOW_S) return false;
  return signatureMatches(sha1Signature(keys.token, timestamp, nonce), signature);
}

/** Step 1: the query's signature and time, and safe mode where required. Says whether the body is encrypted. */
export function verifyQuery(keys: DoorKeys, q: DoorQuery): { encrypted: boolean } {
  if (!signedAndRecent(keys, q)) throw new DoorRefusal(401, 'invalid signature');
  const encrypted = q.encrypt_type === 'aes';
  if (keys.safeModeOnly && !encrypted) throw new DoorRefusal(401, 'safe mode required');
  return { encrypted };
}

/**
 * Step 2: the query's signature covers no body, so it may come again only with the same body (WeChat's
 * retry). Keyed by the signature alone: the same sorted text split another way between timestamp and
 * nonce signs the same, and is the same signature used again.
 */
export async function refuseReplay(q: DoorQuery, body: string): Promise<void> {
  if ((await useSignature(`wechat:${q.signature}`, body)) === 'replay') {
    throw new DoorRefusal(401, 'replayed signature');
  }
}

/** Step 3: the message's fields, from the plain body or, in safe mode, from its signed ciphertext. */
export function openEnvelope(keys: DoorKeys, q: DoorQuery, body: string, encrypted: boolean): WechatFields {
  const outer = parseWechatXml(body);
  if (!outer) throw new DoorRefusal(400, 'bad xml');
  if (!encrypted) return outer;
  const secret = outer.Encrypt ?? '';
  // Safe mode signs the ciphertext too, in msg_signature (not signature).
  const expected = sha1Signature(keys.token, q.timestamp ?? '', q.nonce ?? '', secret);
  if (!keys.aesKeys.length || !signatureMatches(expected, q.msg_signature)) {
    throw new DoorRefusal(401, 'invalid msg_signature');
  }
  const inner = decryptWithAnyKey(secret, keys.aesKeys, keys.appId);
  const fields = inner ? parseWechatXml(inner) : null;
  if (!fields) throw new DoorRefusal(400, 'cannot decrypt');
  return fields;
}

/** Tries the current EncodingAESKey, then the previous one (during a key rotation). */
function decryptWithAnyKey(secret: string, keys: Buffer[], appId: string): string | null {
  for (const key of keys) {
    try {
      return decryptMessage(secret, key, appId);
    } catch {
      // try the next key
    }
  }
  return null;
}

/**
 * Step 4: the replies if they come within `ms` (WeChat gives up at 5 s); otherwise none now, and the
 * replies are handed to `late` when they come (sent as a customer-service message).
 */
export async function answerWithin(
  ms: number,
  handling: Promise<Reply[]>,
  late: (replies: Reply[]) => Promise<void>,
  onLateFailure: (err: unknown) => void,
): Promise<Reply[]> {
  const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref());
  const inTime = await Promise.race([handling, timer]);
  if (inTime !== null) return inTime;
  void handling.then(late).catch(onLateFailure);
  return [];
}

/** Step 5: the reply XML as WeChat expects it back: plain, or encrypted and signed in safe mode. */
export function sealReply(keys: DoorKeys, xml: string, encrypted: boolean): string {
  const current = keys.aesKeys[0];
  if (!encrypted || !current) return xml;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const secret = encryptMessage(xml, current, keys.appId);
  return encryptedReplyXml(secret, sha1Signature(keys.token, timestamp, nonce, secret), timestamp, nonce);
}
