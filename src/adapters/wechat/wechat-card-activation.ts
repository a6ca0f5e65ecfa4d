// The page WeChat's redirect activation form lands on (wx_activate_after_submit_url): WeChat appends
// card_id, encrypt_code, openid and activate_ticket. The phone is read back from WeChat with the ticket
// (a forged ticket reads nothing), and the member finishes in the chat, with our verification code.
import Router from '@koa/router';
import type { ChatBot } from '../../bot/chat-bot.js';
import { replyAsText } from '../../bot/types.js';
import type { MemberCards } from '../../domain/cards/member-cards.js';
import { logger } from '../../infra/logger.js';
import { escapeHtml, phonePage } from '../http/phone-page.js';

export const CARD_ACTIVATION_PATH = '/wechat/card/activate';

/** The page says what the chat says: plain text, lines kept. */
const page = (text: string) => phonePage('激活会员卡', escapeHtml(text).replace(/\n/g, '<br>'));

export function cardActivationRouter(bot: ChatBot, cards: MemberCards): Router {
  const router = new Router();
  router.get(CARD_ACTIVATION_PATH, async (ctx) => {
    const q = ctx.query as Record<string, string | undefined>;
    ctx.type = 'text/html';
    if (!q.card_id || !q.encrypt_code || !q.openid || !q.activate_ticket) {
      ctx.status = 400;
      ctx.body = page('链接不完整，请回到卡包重新点「激活」。');
      return;
    }
    try {
      const code = await cards.decryptCode(q.encrypt_code);
      const phone = await cards.ticketPhone(q.activate_ticket);
      if (!code || !phone) throw new Error('WeChat gave no code or phone for this activation');
      const replies = await bot.handle({
        channel: 'wechat',
        messageId: `activate:${q.activate_ticket}`,
        from: { id: q.openid },
        chat: { id: q.openid, kind: 'private' },
        text: '/card-event',
        cardEvent: { kind: 'formSubmitted', cardId: q.card_id, code, phone },
      });
      ctx.body = page(replies.map(replyAsText).join('\n\n'));
    } catch (err) {
      logger.warn({ err }, 'card activation page refused');
      ctx.status = 400;
      ctx.body = page('激活信息已失效，请回到卡包重新点「激活」。');
    }
  });
  return router;
}
