// The WeChat Official Account as a channel plug-in: the /wechat webhook (with WECHAT_TOKEN), the notifier
// (with WECHAT_APPID and WECHAT_APPSECRET, sharing the access token through Redis), and with WECHAT_CARD=on
// the member card in 卡包 (its platform, and the page its redirect activation form lands on).
import type { ChannelFactory } from '../channel-plugin.js';
import { replyAsText } from '../../bot/types.js';
import { wechatRouter } from './wechat-router.js';
import { WechatApi } from './wechat-api.js';
import { WechatNotifier } from './wechat-notifier.js';
import { forgetSignaturesBefore } from '../../domain/conversation/signed-requests.js';
import { logger } from '../../infra/logger.js';
import { WECHAT_ERRORS } from './wechat-api.js';
import { WechatCardPlatform } from './wechat-card-platform.js';
import { CARD_ACTIVATION_PATH, cardActivationRouter } from './wechat-card-activation.js';

export function wechatChannel(options: { replyWithinMs?: number } = {}): ChannelFactory {
  return {
    name: 'wechat',
    create({ config, bot, notices, cards, metrics, redis, keyPrefix }) {
      const api =
        config.WECHAT_APPID && config.WECHAT_APPSECRET
          ? new WechatApi({
              appId: config.WECHAT_APPID,
              appSecret: config.WECHAT_APPSECRET,
              apiBase: config.WECHAT_API_BASE,
              ...(redis ? { redis } : {}),
              keyPrefix,
              onError: (path, errcode) => {
                metrics.wechatErrors.inc({ path, errcode: String(errcode) });
                logger.warn({ path, errcode, meaning: WECHAT_ERRORS[errcode] }, 'WeChat API error');
              },
            })
          : undefined;
      const notifier = api ? new WechatNotifier(api, config.WECHAT_TEMPLATE_ID) : undefined;
      const cardsOn = api && config.WECHAT_CARD === 'on';
      if (cardsOn) {
        const landing = config.PUBLIC_URL
          ? `${config.PUBLIC_URL.replace(/\/$/, '')}${CARD_ACTIVATION_PATH}`
          : null;
        cards.usePlatform(new WechatCardPlatform(api, landing));
      }
      const router = config.WECHAT_TOKEN
        ? wechatRouter(bot, {
            token: config.WECHAT_TOKEN,
            ...(config.WECHAT_APPID ? { appId: config.WECHAT_APPID } : {}),
            ...(config.WECHAT_AES_KEY ? { aesKey: config.WECHAT_AES_KEY } : {}),
            ...(config.WECHAT_AES_KEY_PREVIOUS ? { previousAesKey: config.WECHAT_AES_KEY_PREVIOUS } : {}),
            messageMode: config.WECHAT_MESSAGE_MODE,
            ...(options.replyWithinMs ? { replyWithinMs: options.replyWithinMs } : {}),
            // An answer later than WeChat's passive-reply window goes out as a notice instead.
            deliverLate: async (openId, messageId, replies) => {
              const texts = replies.map(replyAsText);
              if (texts.length)
                await notices.notifyIdentity(
                  'wechat',
                  openId,
                  `late:wechat:${openId}:${messageId}`,
                  texts.join('\n\n'),
                );
            },
          })
        : undefined;
      // Signatures older than the replay window are refused by their timestamp; their records can go.
      let sweeper: NodeJS.Timeout | undefined;
      return {
        name: 'wechat',
        ...(notifier ? { notifier } : {}),
        routers: [...(router ? [router] : []), ...(cardsOn ? [cardActivationRouter(bot, cards)] : [])],
        async start() {
          // The card template follows the programme; made or updated off the start path.
          if (cardsOn)
            cards
              .templateCardId()
              .catch((err: unknown) => logger.error({ err }, 'member card template not saved'));
          sweeper = setInterval(() => {
            forgetSignaturesBefore(new Date(Date.now() - 3600_000)).catch(() => {});
          }, 10 * 60_000);
          sweeper.unref();
        },
        async stop() {
          clearInterval(sweeper);
        },
      };
    },
  };
}
