// Which channels this configuration enables, as plug-in factories; adding a channel is one entry here.
import type { Wechaty as WechatyInterface } from 'wechaty';
import type { Config } from '../config.js';
import type { ChannelFactory } from './channel-plugin.js';
import { httpChannel } from './http/http-channel.js';
import { telegramChannel } from './telegram/telegram-channel.js';
import { wechatChannel } from './wechat/wechat-channel.js';
import { wechatyChannel } from './wechaty/wechaty-channel.js';

export interface ChannelOverrides {
  /** A Wechaty instance to serve (tests pass one on wechaty-puppet-mock). */
  wechaty?: WechatyInterface;
  /** WeChat's passive-reply budget (tests shorten it). */
  wechatReplyWithinMs?: number;
}

export function enabledChannels(config: Config, overrides: ChannelOverrides = {}): ChannelFactory[] {
  const wechatyFrom = overrides.wechaty
    ? { instance: overrides.wechaty }
    : config.WECHATY_PUPPET
      ? { puppet: config.WECHATY_PUPPET }
      : null;
  return [
    httpChannel,
    ...(config.WECHAT_TOKEN || (config.WECHAT_APPID && config.WECHAT_APPSECRET)
      ? [wechatChannel(overrides.wechatReplyWithinMs ? { replyWithinMs: overrides.wechatReplyWithinMs } : {})]
      : []),
    ...(config.TELEGRAM_BOT_TOKEN ? [telegramChannel(config.TELEGRAM_BOT_TOKEN)] : []),
    ...(wechatyFrom ? [wechatyChannel(wechatyFrom)] : []),
  ];
}
