// Wechaty as a channel plug-in. An instance handed in (tests, on wechaty-puppet-mock) is started and
// stopped by whoever made it; one built from WECHATY_PUPPET is started and stopped here.
import { WechatyBuilder, type Wechaty as WechatyInterface } from 'wechaty';
import type { ChannelFactory } from '../channel-plugin.js';
import { attachWechaty, CHANNEL, WechatyNotifier } from './wechaty-adapter.js';

export function wechatyChannel(source: { instance: WechatyInterface } | { puppet: string }): ChannelFactory {
  return {
    name: CHANNEL,
    create({ bot }) {
      const owned = 'puppet' in source;
      const wechaty = owned ? WechatyBuilder.build({ puppet: source.puppet as never }) : source.instance;
      attachWechaty(wechaty, (msg) => bot.handleDelivery(msg));
      return {
        name: CHANNEL,
        notifier: new WechatyNotifier(wechaty),
        // One login per account: the instance that leads runs it.
        ...(owned ? { singleton: true, start: () => wechaty.start(), stop: () => wechaty.stop() } : {}),
      };
    },
  };
}
