// GET/POST /wechat: the Official Account server protocol, translated to and from the chat engine.
import Router from '@koa/router';
import getRawBody from 'raw-body';
import type { ChatBot } from '../../bot/chat-bot.js';
import type { CardEvent, InboundMessage, Reply } from '../../bot/types.js';
import { logger } from '../../infra/logger.js';
import { newsReplyXml, textReplyXml, type WechatFields } from './wechat-xml.js';
import {
  answerWithin,
  DoorRefusal,
  doorKeys,
  openEnvelope,
  refuseReplay,
  sealReply,
  signedAndRecent,
  verifyQuery,
  type DoorQuery,
} from './wechat-door.js';

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
    default: {
      const cardEvent = cardEventOf(f);
      // unsubscribe, VIEW, location reports: nothing to answer
      return cardEvent ? { ...base, messageId: eventId, text: '/card-event', sentAt: at, cardEvent } : null;
    }
  }
}

/**
 * The member-card events (卡券事件推送) that change something, by their WeChat names. user_view_card and
 * update_member_card (WeChat echoing our own update) are verified at the door and need nothing more: handed
 * on, they would end a dialog under way (a member opens the card while activating it).
 */
const CARD_EVENTS: Record<string, CardEvent['kind']> = {
  user_get_card: 'taken',
  submit_membercard_user_info: 'formSubmitted',
  user_del_card: 'deleted',
};

function cardEventOf(f: WechatFields): CardEvent | null {
  const kind = CARD_EVENTS[f.Event ?? ''];
  if (!kind || !f.CardId || !f.UserCardCode) return null;
  return { kind, cardId: f.CardId, code: f.UserCardCode } as CardEvent;
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
  const keys = doorKeys(settings);
  const within = settings.replyWithinMs ?? 4000;

  router.get('/wechat', (ctx) => {
    if (!signedAndRecent(keys, ctx.query as DoorQuery)) {
      ctx.status = 401;
      ctx.body = 'invalid signature';
      return;
    }
    ctx.type = 'text/plain';
    ctx.body = String(ctx.query.echostr ?? '');
  });

  router.post('/wechat', async (ctx) => {
    const q = ctx.query as DoorQuery;
    try {
      const { encrypted } = verifyQuery(keys, q);
      const body = await getRawBody(ctx.req, { limit: '64kb', encoding: 'utf8' });
      await refuseReplay(q, body);
      const fields = openEnvelope(keys, q, body, encrypted);
      const xml = replyXml(fields.FromUserName ?? '', fields.ToUserName ?? '', await answer(fields));
      if (xml) {
        ctx.type = 'application/xml';
        ctx.body = sealReply(keys, xml, encrypted);
      } else {
        ctx.type = 'text/plain';
        ctx.body = 'success';
      }
    } catch (err) {
      if (!(err instanceof DoorRefusal)) throw err;
      ctx.status = err.status;
      ctx.body = err.reason;
    }
  });

  /** The engine's replies to a message, within the deadline; a late answer goes out as a notice. */
  async function answer(fields: WechatFields): Promise<Reply[]> {
    const inbound = toInbound(fields);
    if (typeof inbound === 'string') return [{ type: 'text', text: inbound }];
    if (!inbound) return [];
    return answerWithin(
      within,
      bot.handle(inbound),
      async (late) => settings.deliverLate?.(inbound.from.id, inbound.messageId, late),
      (err) => logger.error({ err }, 'late wechat reply failed'),
    );
  }

  return router;
}
