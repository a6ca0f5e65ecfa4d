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
}

export interface NewsArticle {
  title: string;
  description: string;
  url?: string;
  picUrl?: string;
}

export type Reply = { type: 'text'; text: string } | { type: 'news'; articles: NewsArticle[] };

export const text = (t: string): Reply => ({ type: 'text', text: t });
