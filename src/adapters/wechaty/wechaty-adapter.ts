// Wechaty: rooms and private chats to the engine, which decides what a room is for (the same rule as
// every channel: src/domain/staff/staff-access.ts); a mention of the bot is reported with the message.
import { types, type Message, type Wechaty as WechatyInterface } from 'wechaty';
import { replyAsText, type DeliveryHandler } from '../../bot/types.js';
import type { Notifier } from '../../domain/notifications/notifier.js';
import { logger } from '../../infra/logger.js';

export const CHANNEL = 'wechaty';
const TEXT_ONLY = '暂时只能识别文字消息哦，回复「帮助」查看可以做什么。';

async function onMessage(message: Message, handle: DeliveryHandler): Promise<void> {
  if (message.self()) return;
  const room = message.room();
  const talker = message.talker();
  const target = room ?? talker;
  if (message.type() !== types.Message.Text) {
    if (!room) await talker.say(TEXT_ONLY);
    return;
  }
  // In rooms, "@Bot 查 138…" arrives with the mention in the text.
  const text = room ? await message.mentionText() : message.text();
  const { replies, redelivered } = await handle({
    channel: CHANNEL,
    messageId: message.id,
    from: { id: talker.id, name: talker.name() },
    chat: room ? { id: room.id, kind: 'group' } : { id: talker.id, kind: 'private' },
    text,
    ...(room ? { mentionsBot: await message.mentionSelf() } : {}),
    sentAt: message.date(),
  });
  if (redelivered) return;
  for (const reply of replies) await target.say(replyAsText(reply));
}

export function attachWechaty(bot: WechatyInterface, handle: DeliveryHandler): void {
  bot.on('message', (message) => {
    onMessage(message, handle).catch((err: unknown) => logger.error({ err }, 'wechaty message failed'));
  });
}

export class WechatyNotifier implements Notifier {
  readonly channel = CHANNEL;
  constructor(private readonly bot: WechatyInterface) {}

  async send(externalId: string, text: string): Promise<void> {
    const contact = await this.bot.Contact.find({ id: externalId });
    if (!contact) throw new Error(`wechaty contact ${externalId} not found`);
    await contact.say(text);
  }
}
