// A chat channel as one plug-in: the routes it serves, the notifier that pushes to its users, and how it
// starts and stops. The composition root (src/service.ts) loops over the enabled ones.
import type Router from '@koa/router';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { ChatBot } from '../bot/chat-bot.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { Notifier } from '../domain/notifications/notifier.js';
import type { MemberCards } from '../domain/cards/member-cards.js';
import type { Metrics } from '../infra/metrics.js';

export interface ChannelPlugin {
  readonly name: string;
  readonly notifier?: Notifier;
  /** Mounted before the API: webhooks read their own raw bodies. */
  readonly routers?: readonly Router[];
  /**
   * Must run on one instance only (long polling, a logged-in account): start and stop then follow the
   * leader election, and run on whichever instance holds the lead.
   */
  readonly singleton?: boolean;
  /** After the HTTP server listens (webhook registration, long polling, logging in). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

/** What a channel gets to build itself: the engine it hands messages to, and the shared services. */
export interface ChannelEnv {
  config: Config;
  bot: ChatBot;
  notices: NoticeService;
  /** Wallet member cards: a channel that can show them plugs its platform in. */
  cards: MemberCards;
  metrics: Metrics;
  redis?: Redis | undefined;
  /** Redis key prefix of this service instance. */
  keyPrefix: string;
}

export interface ChannelFactory {
  /** The channel name messages carry, and its notice queue's. */
  readonly name: string;
  create(env: ChannelEnv): ChannelPlugin | Promise<ChannelPlugin>;
}
