// GET/POST /wechat: the Official Account server protocol, translated to and from the chat engine.
import Router from '@koa/router';
import getRawBody from 'raw-body';
import { randomBytes } from 'node:crypto';
import type { ChatBot } from '../../bot/chat-bot.js';
import type { InboundMessage, Reply } from '../../bot/types.js';
import { logger } from '../../infra/logger.js';
import { useSignature } from '../../domain/conversation/signed-requests.js';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
  signatureMatches,
} from './wechat-crypto.js';
import {
  encryptedReplyXml,
  newsReplyXml,
  parseWechatXml,
  textReplyXml,
  type WechatFields,
} from './wechat-xml.js';

export interface WechatSettings {
  token: string;
  appId?: string;
  aesKey?: string;
  previousAesKey?: string;
  /**
   * With an AES key: 'safe' refuses plain messages (the default), 'compatible' accepts both, as the
   * Official Account's compatible mode sends. Without a key, messages are plain.
   */
  messageMode?: 'safe' | 'compatible';
  /** Answer within this, or reply "success" and deliver later (WeChat gives up at 5 s). */
  replyWithinMs?: number;
  /** Late replies go out as customer-service messages through the notice queue. */
  deliverLate?: (openId: string, messageId: string, replies: Reply[]) => Promise<void>;
}

/** Menu buttons (CLICK EventKey) and the keyword each one stands for. */
export const MENU_KEYS: Record<string, string> = {
  MENU_POINTS: '查积分',
  MENU_BALANCE: '查余额',
  MENU_CARD: '会员卡',
  MENU_HISTORY: '消费记录',
  MENU_COUPONS: '我的券',
  MENU_REGISTER: '领卡',
  MENU_CHECKIN: '签到',
  MENU_STORES: '门店',
};

const TIMESTAMP_WINDOW_S = 300;
const TEXT_ONLY = '暂时只能识别文字消息哦，回复「帮助」查看可以做什么。';

/** What the engine should hear for a WeChat message or event; a string is a reply given directly. */
export function toInbound(f: WechatFields): InboundMessage | string | null {
  const openId = f.FromUserName;
  if (!openId) return null;
  const base = { channel: 'wechat', from: { id: openId }, chat: { id: openId, kind: 'private' as const } };
  const at = new Date(Number(f.CreateTime ?? 0) * 1000);
  if (f.MsgType === 'text')
    return { ...base, messageId: f.MsgId ?? `t:${f.CreateTime}`, text: f.Content ?? '', sentAt: at };
  if (f.MsgType === 'location') {
    // A shared location asks where we are: the stores, nearest first.
    const lat = Number(f.Location_X);
    const lng = Number(f.Location_Y);
    if (!Number.isFinite(lat) || !Number.isFinite(lng)) return TEXT_ONLY;
    return {
      ...base,
      messageId: f.MsgId ?? `l:${f.CreateTime}`,
      text: '门店',
      sentAt: at,
      location: { lat, lng },
    };
  }
  if (f.MsgType !== 'event') return TEXT_ONLY;
  // Events have no MsgId: FromUserName + CreateTime identifies a delivery (the sender is in the key already).
  const eventId = `e:${f.CreateTime}:${f.Event}:${f.EventKey ?? ''}`;
  switch (f.Event) {
    case 'subscribe':
    case 'SCAN':
      return { ...base, messageId: eventId, text: '/subscribe', sentAt: at };
    case 'CLICK':
      return {
        ...base,
        messageId: eventId,
        text: MENU_KEYS[f.EventKey ?? ''] ?? f.EventKey ?? '',
        sentAt: at,
      };
    default:
      return null; // unsubscribe, VIEW, location reports: nothing to answer
  }
}

function replyXml(to: string, from: string, replies: Reply[]): string | null {
  const news = replies.find((r) => r.type === 'news');
  const texts = replies.flatMap((r) => (r.type === 'text' ? [r.text] : []));
  // One passive reply per message: texts are joined; a news card is sent alone (one article).
  if (texts.length) return textReplyXml(to, from, texts.join('\n\n'));
  if (news?.type === 'news' && news.articles[0]) return newsReplyXml(to, from, news.articles[0]);
  return null;
}

export function wechatRouter(bot: ChatBot, settings: WechatSettings): Router {
  const router = new Router();
  const keys = [settings.aesKey, settings.previousAesKey].filter((k): k is string => !!k).map(aesKeyOf);
  const within = settings.replyWithinMs ?? 4000;

  // Signed, and recent: a timestamp is whole seconds, written without a leading zero, within the window.
  const signedOk = (q: Record<string, unknown>) => {
    const { signature, timestamp, nonce } = q as Record<string, string | undefined>;
    if (!timestamp || !nonce || !/^[1-9]\d{0,11}$/.test(timestamp)) return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TIMESTAMP_WINDOW_S) return false;
    return signatureMatches(sha1Signature(settings.token, timestamp, nonce), signature);
  };
  const safeModeRequired = keys.length > 0 && settings.messageMode !== 'compatible';

  router.get('/wechat', (ctx) => {
    if (!signedOk(ctx.query)) {
      ctx.status = 401;
      ctx.body = 'invalid signature';
      return;
    }
    ctx.type = 'text/plain';
    ctx.body = String(ctx.query.echostr ?? '');
  });

  router.post('/wechat', async (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    if (!signedOk(q)) {
      ctx.status = 401;
      ctx.body = 'invalid signature';
      return;
    }
    const encrypted = q.encrypt_type === 'aes';
    if (safeModeRequired && !encrypted) {
      ctx.status = 401;
      ctx.body = 'safe mode required';
      return;
    }
    const body = await getRawBody(ctx.req, { limit: '64kb', encoding: 'utf8' });
    // The query's signature covers no body: it may come again only with the same body (WeChat's retry).
    // Keyed by the signature alone: the same sorted text split another way between timestamp and nonce
    // signs the same, and is the same signature used again.
    if ((await useSignature(`wechat:${q.signature}`, body)) === 'replay') {
      ctx.status = 401;
      ctx.body = 'replayed signature';
      return;
    }
    const outer = parseWechatXml(body);
    if (!outer) {
      ctx.status = 400;
      ctx.body = 'bad xml';
      return;
    }

    let fields = outer;
    if (encrypted) {
      const secret = outer.Encrypt ?? '';
      // Safe mode signs the ciphertext too, in msg_signature (not signature).
      if (
        !keys.length ||
        !signatureMatches(sha1Signature(settings.token, q.timestamp!, q.nonce!, secret), q.msg_signature)
      ) {
        ctx.status = 401;
        ctx.body = 'invalid msg_signature';
        return;
      }
      const inner = decryptWithAnyKey(secret, keys, settings.appId ?? '');
      const parsed = inner ? parseWechatXml(inner) : null;
      if (!parsed) {
        ctx.status = 400;
        ctx.body = 'cannot decrypt';
        return;
      }
      fields = parsed;
    }

    const inbound = toInbound(fields);
    let replies: Reply[] = [];
    if (typeof inbound === 'string') replies = [{ type: 'text', text: inbound }];
    else if (inbound) {
      const handling = bot.handle(inbound);
      const timer = new Promise<null>((resolve) => setTimeout(() => resolve(null), within).unref());
      const inTime = await Promise.race([handling, timer]);
      if (inTime === null) {
        // Too slow for a passive reply: say "success" now, send the answer as a customer-service message.
        void handling
          .then((late) => settings.deliverLate?.(inbound.from.id, inbound.messageId, late))
          .catch((err: unknown) => logger.error({ err }, 'late wechat reply failed'));
      } else replies = inTime;
    }

    const xml = replyXml(fields.FromUserName ?? '', fields.ToUserName ?? '', replies);
    ctx.type = 'application/xml';
    if (!xml) {
      ctx.type = 'text/plain';
      ctx.body = 'success';
      return;
    }
    if (!encrypted) {
      ctx.body = xml;
      return;
    }
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    const secret = encryptMessage(xml, keys[0]!, settings.appId ?? '');
    ctx.body = encryptedReplyXml(
      secret,
      sha1Signature(settings.token, timestamp, nonce, secret),
      timestamp,
      nonce,
    );
  });

  return router;
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
