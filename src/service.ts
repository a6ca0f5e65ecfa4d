// Assembles the running service: database, Redis and jobs, domain services, HTTP server.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import type Bull from 'bull';
import type { Config } from './config.js';
import { connectDatabase, databaseAnswers, disconnectDatabase } from './infra/database.js';
import { startEmbeddedMongo, type EmbeddedMongo } from './infra/embedded-mongo.js';
import { ensureRedis, redisAnswers, type RedisAvailability } from './infra/redis-server.js';
import { logger } from './infra/logger.js';
import { loadDemoFixtures } from './infra/demo-fixtures.js';
import { LedgerService } from './domain/ledger/ledger-service.js';
import type { CommitHooks } from './domain/ledger/commit.js';
import { currentRules } from './domain/programme/programme-service.js';
import { Checkout } from './domain/checkout/checkout.js';
import { renderMemberEvent } from './bot/templates/member-notices.js';
import type { LevelJobs } from './domain/programme/level-jobs.js';
import { inlineLevelRecompute, startLevelRecompute } from './jobs/level-recompute-job.js';
import { LoggingSmsSender, type SmsSender } from './domain/verification/sms-sender.js';
import { VerificationService } from './domain/verification/verification-service.js';
import { createThrottles } from './infra/throttles.js';
import { ChatBot } from './bot/chat-bot.js';
import { replyAsText } from './bot/types.js';
import { StaffRouter } from './bot/staff/staff-router.js';
import { AgentRouter } from './bot/agents/agent-router.js';
import { startTicketSla } from './jobs/ticket-sla-job.js';
import { NoticeService } from './domain/notifications/notice-service.js';
import type { NoticeScheduler, Notifier } from './domain/notifications/notifier.js';
import { startNotificationQueues, type DeliveryOptions } from './jobs/notification-job.js';
import { HttpInboxNotifier } from './domain/notifications/http-inbox.js';
import { wechatRouter } from './adapters/wechat/wechat-router.js';
import { WechatApi } from './adapters/wechat/wechat-api.js';
import { WechatNotifier } from './adapters/wechat/wechat-notifier.js';
import type Router from '@koa/router';
import { WechatyBuilder, type Wechaty as WechatyInterface } from 'wechaty';
import { attachWechaty, WechatyNotifier } from './adapters/wechaty/wechaty-adapter.js';
import type { Telegraf } from 'telegraf';
import {
  createTelegramBot,
  startTelegram,
  telegramRouter,
  TelegramNotifier,
  type TelegramSettings,
} from './adapters/telegram/telegram-adapter.js';
import { Redis } from 'ioredis';
import { createHttpApp } from './adapters/http/app.js';
import {
  scheduleMemberRecovery,
  startLedgerRecovery,
  type LedgerRecoveryJob,
} from './jobs/ledger-recovery-job.js';

export interface ServiceOptions {
  /** Database name inside MONGODB_URI (tests give each file its own). */
  dbName?: string;
  /** bull key prefix (tests give each file its own). */
  queuePrefix?: string;
  /** Only for tests: commit fault injection. */
  commitHooks?: CommitHooks;
  /** Where verification codes go; the default writes them to the log. */
  smsSender?: SmsSender;
  /** Channel notifiers besides the http inbox (tests add failing ones). */
  notifiers?: Notifier[];
  delivery?: DeliveryOptions;
  /** WeChat's passive-reply budget (tests shorten it). */
  wechatReplyWithinMs?: number;
  /** A Wechaty instance to serve (tests pass one on wechaty-puppet-mock); started and stopped by the caller. */
  wechaty?: WechatyInterface;
}

export interface RunningService {
  url: string;
  adminToken: string;
  engine: string;
  jobsRunning: boolean;
  ledger: LedgerService;
  checkout: Checkout;
  bot: ChatBot;
  queues: Bull.Queue[];
  /** Coupon SNs issued by the demo fixtures on this start, if they were loaded now. */
  demoSns?: Record<string, string[]>;
  stop(): Promise<void>;
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  let embedded: EmbeddedMongo | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedMongo({
      dataDir: config.DATA_DIR,
      persistent: true,
      progress: (line) => logger.info(line),
    });
    uri = embedded.uri;
  }
  await connectDatabase(uri, options.dbName ?? (new URL(uri).pathname.slice(1) || 'huiyuan'));

  const redis: RedisAvailability = await ensureRedis(config.REDIS_URL);
  const redisClient = redis.available
    ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redisClient?.on('error', (err) => logger.warn({ err: err.message }, 'redis client error'));
  const prefix = options.queuePrefix ?? 'huiyuan';
  const queueSettings = { redisUrl: config.REDIS_URL, prefix };
  const queues: Bull.Queue[] = [];
  let recovery: Bull.Queue<LedgerRecoveryJob> | undefined;
  if (redis.available) {
    recovery = await startLedgerRecovery(queueSettings);
    queues.push(recovery);
  } else {
    logger.warn(
      `!!! Redis is not reachable at ${config.REDIS_URL} (${redis.reason}). Chat and HTTP work, but JOBS ARE PAUSED: ` +
        'notices are stored but not sent, no ledger recovery, no ticket SLA alerts. Start Redis or set REDIS_URL.',
    );
  }

  const ledger = new LedgerService({
    rules: currentRules,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    hooks: {
      ...options.commitHooks,
      onUnfinished: (memberId) => recovery && scheduleMemberRecovery(recovery, memberId),
    },
  });

  // Telegram is set up before the notifiers, since it is one of them.
  let telegram: { bot: Telegraf; settings: TelegramSettings } | undefined;
  const chatBotRef: { current?: ChatBot } = {};
  if (config.TELEGRAM_BOT_TOKEN) {
    const settings: TelegramSettings = {
      token: config.TELEGRAM_BOT_TOKEN,
      webhookSecret:
        config.TELEGRAM_WEBHOOK_SECRET ??
        (await persistentSecret(config.DATA_DIR, 'telegram-webhook-secret')),
      ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    };
    telegram = {
      bot: createTelegramBot((msg) => chatBotRef.current!.handleDelivery(msg), settings),
      settings,
    };
  }
  // Wechaty: the instance a test hands in (mock puppet), or one built from WECHATY_PUPPET.
  const wechaty =
    options.wechaty ??
    (config.WECHATY_PUPPET ? WechatyBuilder.build({ puppet: config.WECHATY_PUPPET as never }) : undefined);
  if (wechaty) attachWechaty(wechaty, (msg) => chatBotRef.current!.handleDelivery(msg));

  const notifiers: Notifier[] = [
    new HttpInboxNotifier(),
    ...(telegram ? [new TelegramNotifier(telegram.bot)] : []),
    ...(wechaty ? [new WechatyNotifier(wechaty)] : []),
    ...(config.WECHAT_APPID && config.WECHAT_APPSECRET
      ? [
          new WechatNotifier(
            new WechatApi({
              appId: config.WECHAT_APPID,
              appSecret: config.WECHAT_APPSECRET,
              apiBase: config.WECHAT_API_BASE,
              ...(redisClient ? { redis: redisClient } : {}),
              keyPrefix: prefix,
            }),
            config.WECHAT_TEMPLATE_ID,
          ),
        ]
      : []),
    ...(options.notifiers ?? []),
  ];
  let scheduler: NoticeScheduler | undefined;
  if (redis.available) {
    const delivery = startNotificationQueues(queueSettings, notifiers, options.delivery);
    queues.push(...delivery.queues);
    scheduler = delivery;
  }
  const notices = new NoticeService(scheduler, renderMemberEvent);
  let levelJobs: LevelJobs = inlineLevelRecompute(notices);
  if (redis.available) {
    queues.push(await startTicketSla(queueSettings, notices));
    const recompute = startLevelRecompute(queueSettings, notices);
    queues.push(recompute.queue);
    levelJobs = recompute.jobs;
  }
  const checkout = new Checkout({ ledger, notices, maxAmountFen: config.MAX_AMOUNT_FEN });

  const throttles = createThrottles(redisClient, `${prefix}:throttle`);
  const sms = options.smsSender ?? new LoggingSmsSender((line) => logger.info(line));
  const staff = new StaffRouter({
    checkout,
    notices,
    levelJobs,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    confirmAboveFen: config.CONFIRM_ABOVE_FEN,
  });
  const agents = new AgentRouter({ ledger, notices });
  const bot = new ChatBot(
    { ledger, checkout, verification: new VerificationService(sms, throttles), throttles, notices },
    [agents, staff],
  );
  chatBotRef.current = bot;

  let demoSns: Record<string, string[]> | undefined;
  if (config.LOAD_DEMO === 'always' || (config.LOAD_DEMO === 'auto' && !config.MONGODB_URI)) {
    const demo = await loadDemoFixtures(ledger);
    if (demo) {
      logger.info('demo fixtures loaded');
      demoSns = demo.sns;
    }
  }

  const adminToken = config.ADMIN_TOKEN ?? (await demoAdminToken(config.DATA_DIR));
  const extraRouters: Router[] = [];
  if (telegram) extraRouters.push(telegramRouter(telegram.bot, telegram.settings));
  if (config.WECHAT_TOKEN) {
    extraRouters.push(
      wechatRouter(bot, {
        token: config.WECHAT_TOKEN,
        ...(config.WECHAT_APPID ? { appId: config.WECHAT_APPID } : {}),
        ...(config.WECHAT_AES_KEY ? { aesKey: config.WECHAT_AES_KEY } : {}),
        ...(config.WECHAT_AES_KEY_PREVIOUS ? { previousAesKey: config.WECHAT_AES_KEY_PREVIOUS } : {}),
        ...(options.wechatReplyWithinMs ? { replyWithinMs: options.wechatReplyWithinMs } : {}),
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
      }),
    );
  }
  const app = createHttpApp(
    {
      config: { ...config, ADMIN_TOKEN: adminToken },
      ledger,
      bot,
      notices,
      checkout,
      levelJobs,
      readiness: { mongo: databaseAnswers, redis: () => redisAnswers(config.REDIS_URL) },
    },
    { extraRouters },
  );
  if (telegram) await startTelegram(telegram.bot, telegram.settings);
  if (wechaty && !options.wechaty) await wechaty.start();
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, '0.0.0.0', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  return {
    url: `http://127.0.0.1:${port}`,
    adminToken,
    engine: embedded?.engine ?? 'MONGODB_URI',
    jobsRunning: redis.available,
    ledger,
    checkout,
    bot,
    queues,
    ...(demoSns ? { demoSns } : {}),
    async stop() {
      if (telegram && !telegram.settings.webhookUrl) telegram.bot.stop();
      if (wechaty && !options.wechaty) await wechaty.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await Promise.all(queues.map((q) => q.close()));
      redisClient?.disconnect();
      await disconnectDatabase();
      await embedded?.stop();
      await redis.startedHere?.stop();
    },
  };
}

/** Without ADMIN_TOKEN, the demo makes one and keeps it in the data folder so it survives restarts. */
function demoAdminToken(dataDir: string): Promise<string> {
  return persistentSecret(dataDir, 'admin-token', 'hy_admin_');
}

/** A random secret kept in the data folder, made on first use. */
async function persistentSecret(dataDir: string, name: string, prefix = ''): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = `${prefix}${randomBytes(18).toString('base64url')}`;
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
