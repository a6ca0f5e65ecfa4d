// The channel-neutral shapes the conversation engine speaks: a message in, replies out.

export interface InboundMessage {
  /** "http", "wechat", "wechaty", "telegram"… */
  channel: string;
  /** The platform's id for this message; a redelivery carries the same one. */
  messageId: string;
  from: { id: string; name?: string };
  chat: { id: string; kind: 'private' | 'group' };
  text: string;
  sentAt?: Date;
  /** In a group: the bot was @-mentioned (channels that can tell say so). */
  mentionsBot?: boolean;
  /** A wallet card's event (WeChat's user_get_card…), carried as the text `/card-event`. */
  cardEvent?: CardEvent;
  /** Where the sender is, when the channel told us (a WeChat location message). */
  location?: { lat: number; lng: number };
}

/** What happened to a member card in a wallet: taken, its activation form sent, deleted, looked at. */
export type CardEvent =
  | { kind: 'taken'; cardId: string; code: string }
  | { kind: 'formSubmitted'; cardId: string; code: string; phone?: string }
  | { kind: 'deleted'; cardId: string; code: string };

export interface NewsArticle {
  title: string;
  description: string;
  url?: string;
  picUrl?: string;
}

export type Reply = { type: 'text'; text: string } | { type: 'news'; articles: NewsArticle[] };

export const text = (t: string): Reply => ({ type: 'text', text: t });

/** A reply as plain text, for channels without rich cards (Telegram, Wechaty, late WeChat replies). */
export function replyAsText(reply: Reply): string {
  return reply.type === 'text'
    ? reply.text
    : reply.articles.map((a) => `【${a.title}】\n${a.description}`).join('\n\n');
}

/** How push channels hand a message to the engine: they must not push a redelivery's replies again. */
export type DeliveryHandler = (msg: InboundMessage) => Promise<{ replies: Reply[]; redelivered: boolean }>;
