// Telegram as a channel plug-in: webhook route (or long polling) and the notifier.
import type { ChannelFactory } from '../channel-plugin.js';
import { persistentSecret } from '../../infra/secrets.js';
import {
  createTelegramBot,
  startTelegram,
  telegramRouter,
  TelegramNotifier,
  type TelegramSettings,
} from './telegram-adapter.js';

export function telegramChannel(token: string): ChannelFactory {
  return {
    name: 'telegram',
    async create({ config, bot }) {
      const settings: TelegramSettings = {
        token,
        webhookSecret:
          config.TELEGRAM_WEBHOOK_SECRET ??
          (await persistentSecret(config.DATA_DIR, 'telegram-webhook-secret')),
        ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
        ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      };
      const telegraf = createTelegramBot((msg) => bot.handleDelivery(msg), settings);
      return {
        name: 'telegram',
        // Long polling takes updates for one consumer only; a webhook serves every instance.
        singleton: !settings.webhookUrl,
        notifier: new TelegramNotifier(telegraf),
        routers: [telegramRouter(telegraf, settings)],
        start: () => startTelegram(telegraf, settings),
        async stop() {
          if (!settings.webhookUrl) telegraf.stop();
        },
      };
    },
  };
}
