// Each step of the WeChat door on its own (the whole door, replays included, is wechat-webhook.test.ts).
import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  answerWithin,
  DoorRefusal,
  doorKeys,
  openEnvelope,
  sealReply,
  verifyQuery,
  type DoorQuery,
} from '../src/adapters/wechat/wechat-door.js';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
} from '../src/adapters/wechat/wechat-crypto.js';
import { parseWechatXml } from '../src/adapters/wechat/wechat-xml.js';
import type { Reply } from '../src/bot/types.js';

const TOKEN = 'door-token';
const APPID = 'wxdoor000000001';
const aesKey = () => randomBytes(32).toString('base64').slice(0, 43);
const AES = aesKey();
const OLD_AES = aesKey();
const safe = doorKeys({ token: TOKEN, appId: APPID, aesKey: AES, previousAesKey: OLD_AES });
const plain = doorKeys({ token: TOKEN });

function signedQuery(extra: DoorQuery = {}, timestamp = String(Math.floor(Date.now() / 1000))): DoorQuery {
  const nonce = 'n0nce';
  return { timestamp, nonce, signature: sha1Signature(TOKEN, timestamp, nonce), ...extra };
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    if (err instanceof DoorRefusal) return [err.status, err.reason];
    throw err;
  }
  return 'accepted';
};

const MESSAGE = '<xml><FromUserName><![CDATA[o1]]></FromUserName><Content><![CDATA[查积分]]></Content></xml>';

function envelope(q: DoorQuery, key: string, appId = APPID): { body: string; q: DoorQuery } {
  const secret = encryptMessage(MESSAGE, aesKeyOf(key), appId);
  const msg_signature = sha1Signature(TOKEN, q.timestamp!, q.nonce!, secret);
  return { body: `<xml><Encrypt><![CDATA[${secret}]]></Encrypt></xml>`, q: { ...q, msg_signature } };
}

describe('verifyQuery', () => {
  it('accepts a signed, recent query and says whether the body is encrypted', () => {
    expect(verifyQuery(plain, signedQuery())).toEqual({ encrypted: false });
    expect(verifyQuery(safe, signedQuery({ encrypt_type: 'aes' }))).toEqual({ encrypted: true });
  });

  it.each([
    ['a wrong signature', signedQuery({ signature: 'f'.repeat(40) })],
    ['no nonce', signedQuery({ nonce: undefined })],
    ['a timestamp six minutes old', signedQuery({}, String(Math.floor(Date.now() / 1000) - 360))],
    ['a timestamp with a leading zero', signedQuery({}, `0${Math.floor(Date.now() / 1000)}`)],
  ])('refuses %s with 401', (_, q) => {
    expect(refusal(() => verifyQuery(plain, q))).toEqual([401, 'invalid signature']);
  });

  it('refuses a plain message where safe mode is required, and allows it in compatible mode', () => {
    expect(refusal(() => verifyQuery(safe, signedQuery()))).toEqual([401, 'safe mode required']);
    const compatible = doorKeys({ token: TOKEN, appId: APPID, aesKey: AES, messageMode: 'compatible' });
    expect(verifyQuery(compatible, signedQuery())).toEqual({ encrypted: false });
  });
});

describe('openEnvelope', () => {
  it('reads a plain body, and refuses one that is not WeChat XML', () => {
    expect(openEnvelope(plain, signedQuery(), MESSAGE, false).Content).toBe('查积分');
    expect(refusal(() => openEnvelope(plain, signedQuery(), '<!DOCTYPE x><xml/>', false))).toEqual([
      400,
      'bad xml',
    ]);
  });

  it('decrypts with the current key or the previous one (a rotation)', () => {
    for (const key of [AES, OLD_AES]) {
      const { body, q } = envelope(signedQuery({ encrypt_type: 'aes' }), key);
      expect(openEnvelope(safe, q, body, true).Content).toBe('查积分');
    }
  });

  it('refuses a ciphertext whose msg_signature does not match, another key, or another AppID', () => {
    const { body, q } = envelope(signedQuery({ encrypt_type: 'aes' }), AES);
    expect(refusal(() => openEnvelope(safe, { ...q, msg_signature: 'a'.repeat(40) }, body, true))).toEqual([
      401,
      'invalid msg_signature',
    ]);
    const stranger = envelope(signedQuery({ encrypt_type: 'aes' }), aesKey());
    expect(refusal(() => openEnvelope(safe, stranger.q, stranger.body, true))).toEqual([
      400,
      'cannot decrypt',
    ]);
    const otherApp = envelope(signedQuery({ encrypt_type: 'aes' }), AES, 'wxsomeoneelse000');
    expect(refusal(() => openEnvelope(safe, otherApp.q, otherApp.body, true))).toEqual([
      400,
      'cannot decrypt',
    ]);
  });
});

describe('answerWithin', () => {
  const replies: Reply[] = [{ type: 'text', text: '您的积分：100' }];

  it('gives the replies that come in time, and nothing late', async () => {
    const late = vi.fn(async () => undefined);
    expect(await answerWithin(200, Promise.resolve(replies), late, () => undefined)).toEqual(replies);
    expect(late).not.toHaveBeenCalled();
  });

  it('answers nothing now when the engine is slow, and hands its replies to `late` when they come', async () => {
    let finish: (r: Reply[]) => void = () => undefined;
    const slow = new Promise<Reply[]>((resolve) => (finish = resolve));
    const late = vi.fn(async (_r: Reply[]) => undefined);
    expect(await answerWithin(20, slow, late, () => undefined)).toEqual([]);
    finish(replies);
    await vi.waitFor(() => expect(late).toHaveBeenCalledWith(replies));
  });

  it('reports a late delivery that fails instead of losing it silently', async () => {
    const failed = vi.fn();
    const slow = new Promise<Reply[]>((resolve) => setTimeout(() => resolve(replies), 30));
    await answerWithin(5, slow, async () => Promise.reject(new Error('customer service down')), failed);
    await vi.waitFor(() => expect(failed).toHaveBeenCalled());
  });
});

describe('sealReply', () => {
  it('returns plain XML unchanged, and in safe mode an envelope WeChat can verify and open', () => {
    expect(sealReply(plain, MESSAGE, false)).toBe(MESSAGE);
    const sealed = parseWechatXml(sealReply(safe, MESSAGE, true))!;
    expect(sealed.MsgSignature).toBe(sha1Signature(TOKEN, sealed.TimeStamp!, sealed.Nonce!, sealed.Encrypt!));
    expect(decryptMessage(sealed.Encrypt!, aesKeyOf(AES), APPID)).toBe(MESSAGE);
  });
});
