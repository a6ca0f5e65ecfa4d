// Telegram through telegraf: updates become engine messages, replies go back with sendMessage.
// Webhook at /telegram/<secret path> (checking Telegram's secret-token header) or long polling.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { timingSafeEqual } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { replyAsText, type DeliveryHandler } from '../../bot/types.js';
import type { Notifier } from '../../domain/notifications/notifier.js';
import { logger } from '../../infra/logger.js';
import { refusingBadBodies } from '../http/body-errors.js';

export interface TelegramSettings {
  token: string;
  /** Public base URL for the webhook; long polling when absent. */
  webhookUrl?: string;
  /** Shared with Telegram in setWebhook; every webhook call must carry it. */
  webhookSecret: string;
  apiRoot?: string;
}

export function createTelegramBot(handle: DeliveryHandler, settings: TelegramSettings): Telegraf {
  const bot = new Telegraf(
    settings.token,
    settings.apiRoot ? { telegram: { apiRoot: settings.apiRoot } } : {},
  );
  bot.on('text', async (ctx) => {
    const chat = ctx.chat;
    const { replies, redelivered } = await handle({
      channel: 'telegram',
      // update_id is what Telegram repeats when it redelivers.
      messageId: String(ctx.update.update_id),
      from: { id: String(ctx.from.id), ...(ctx.from.first_name ? { name: ctx.from.first_name } : {}) },
      chat: { id: String(chat.id), kind: chat.type === 'private' ? 'private' : 'group' },
      text: ctx.message.text.replace(/@\w+bot\b/i, '').trim(),
      ...(chat.type === 'private' ? {} : { mentionsBot: /@\w+bot\b/i.test(ctx.message.text) }),
      sentAt: new Date(ctx.message.date * 1000),
    });
    // A redelivered update was answered the first time: pushing the replies again would repeat them.
    if (redelivered) return;
    for (const reply of replies) await ctx.reply(replyAsText(reply));
  });
  bot.catch((err) => logger.error({ err }, 'telegram update failed'));
  return bot;
}

export function telegramWebhookPath(secret: string): string {
  return `/telegram/${secret}`;
}

/** The webhook route: refuses calls without Telegram's secret-token header, then hands the update over. */
export function telegramRouter(bot: Telegraf, settings: TelegramSettings): Router {
  const router = new Router();
  const expected = Buffer.from(settings.webhookSecret);
  router.post(
    telegramWebhookPath(settings.webhookSecret),
    refusingBadBodies(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb' })),
    async (ctx) => {
      const given = Buffer.from(ctx.get('x-telegram-bot-api-secret-token'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        ctx.status = 401;
        ctx.body = 'invalid secret token';
        return;
      }
      await bot.handleUpdate(ctx.request.body as Update);
      ctx.status = 200;
      ctx.body = '';
    },
  );
  return router;
}

/** Starts receiving: registers the webhook, or starts long polling. */
export async function startTelegram(bot: Telegraf, settings: TelegramSettings): Promise<void> {
  if (settings.webhookUrl) {
    await bot.telegram.setWebhook(
      `${settings.webhookUrl.replace(/\/$/, '')}${telegramWebhookPath(settings.webhookSecret)}`,
      {
        secret_token: settings.webhookSecret,
      },
    );
  } else {
    void bot.launch().catch((err: unknown) => logger.error({ err }, 'telegram polling stopped'));
  }
}

export class TelegramNotifier implements Notifier {
  readonly channel = 'telegram';
  constructor(private readonly bot: Telegraf) {}

  async send(externalId: string, text: string): Promise<void> {
    await this.bot.telegram.sendMessage(externalId, text);
  }
}
