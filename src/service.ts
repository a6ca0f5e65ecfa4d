// Assembles the running service in named phases — stores (engines, database, Redis), job queues, domain,
// jobs, bot, channels, HTTP — each pushing what it opens onto one close stack that stop() unwinds.
import type { Server } from 'node:http';
import type Bull from 'bull';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { connectDatabase, databaseAnswers, disconnectDatabase } from './infra/database.js';
import { startEmbeddedMongo } from './infra/embedded-mongo.js';
import { ferretBackendFrom } from './infra/ferretdb.js';
import { ensureRedis, redisAnswers, type RedisAvailability } from './infra/redis-server.js';
import { logger } from './infra/logger.js';
import { loadDemoFixtures } from './infra/demo-fixtures.js';
import { persistentSecret } from './infra/secrets.js';
import { createThrottles } from './infra/throttles.js';
import type { Throttles } from './domain/throttle.js';
import { createMetrics, type Metrics } from './infra/metrics.js';
import { Leadership } from './infra/leader.js';
import { CloseStack } from './infra/close-stack.js';
import { LedgerService } from './domain/ledger/ledger-service.js';
import { offThePathSettled, reportOffThePathFailuresTo } from './domain/off-the-path.js';
import { runStartUpBackfills } from './domain/start-up-backfills.js';
import type { CommitHooks } from './domain/ledger/commit.js';
import { currentRules } from './domain/programme/programme-service.js';
import { Checkout } from './domain/checkout/checkout.js';
import { MemberCards } from './domain/cards/member-cards.js';
import { OnlineRecharge } from './domain/payments/online-recharge.js';
import { openWechatPay } from './adapters/wechatpay/wechatpay-plugin.js';
import type { SmsSender } from './domain/verification/sms-sender.js';
import { smsSenderFrom } from './adapters/sms/sms-senders.js';
import { VerificationService } from './domain/verification/verification-service.js';
import { NoticeService } from './domain/notifications/notice-service.js';
import type { Notifier } from './domain/notifications/notifier.js';
import { ChatBot } from './bot/chat-bot.js';
import { StaffRouter } from './bot/staff/staff-router.js';
import { AgentRouter } from './bot/agents/agent-router.js';
import { renderMemberEvent } from './bot/templates/member-notices.js';
import { renderChatEvent } from './bot/templates/chat-notices.js';
import { createHttpApp } from './adapters/http/app.js';
import type { ChannelPlugin } from './adapters/channel-plugin.js';
import { enabledChannels, type ChannelOverrides } from './adapters/channels.js';
import { createNotificationQueues, type DeliveryOptions } from './jobs/notification-job.js';
import { startNoticeSweeper } from './jobs/notice-sweeper.js';
import { sendMonthlyReports } from './jobs/monthly-report-job.js';
import type { QueueSettings } from './jobs/queue-factory.js';
import { openJobQueues, startJobs, type JobPorts, type OpenedJobs } from './jobs/job-plugin.js';
import { JOBS } from './jobs/jobs.js';

/** How long a stop waits for in-flight requests and messages before closing connections. */
const STOP_GRACE_MS = 10_000;

export interface ServiceOptions extends ChannelOverrides {
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
  const closing = new CloseStack();
  try {
    const stores = await openStores(config, options, closing);
    const opened = openJobQueues(JOBS, stores.queueSettings, config, logger);
    closing.push('job queues', () => Promise.all([...opened.queues.values()].map((q) => q.close())));
    const domain = buildDomain(config, options, stores, opened, closing);
    const ports = await startJobs(JOBS, opened, {
      config,
      checkout: domain.checkout,
      cards: domain.cards,
      payments: domain.payments,
      notices: domain.notices,
      log: logger,
    });
    domain.cards.useSync(ports.cardSync);
    const bot = buildBot(config, options, domain, ports);
    const plugins = await openChannels(config, options, stores, domain, bot, closing);
    const demoSns = await loadDemo(config, domain.ledger);
    // Members stored before the directory, listings, tallies and phone tails existed get theirs, off the
    // start path.
    void runStartUpBackfills();
    const queues = [...opened.queues.values(), ...domain.deliveryQueues];
    const http = await serveHttp(config, stores, domain, ports, bot, plugins, queues, closing);
    return {
      url: http.url,
      adminToken: http.adminToken,
      engine: stores.engine,
      jobsRunning: stores.queueSettings !== null,
      ledger: domain.ledger,
      checkout: domain.checkout,
      bot,
      queues,
      ...(demoSns ? { demoSns } : {}),
      stop: () => closing.unwind(logger),
    };
  } catch (err) {
    await closing.unwind(logger);
    throw err;
  }
}

interface Stores {
  engine: string;
  redisClient: Redis | undefined;
  /** Where bull keeps its queues; null without Redis (jobs paused). */
  queueSettings: QueueSettings | null;
  prefix: string;
}

/** The database (an embedded engine without MONGODB_URI) and Redis (started here if it is installed). */
async function openStores(config: Config, options: ServiceOptions, closing: CloseStack): Promise<Stores> {
  let uri = config.MONGODB_URI;
  let engine = 'MONGODB_URI';
  if (!uri) {
    const embedded = await startEmbeddedMongo({
      dataDir: config.DATA_DIR,
      persistent: true,
      backend: ferretBackendFrom(config),
      progress: (line) => logger.info(line),
    });
    closing.push('the embedded engine', () => embedded.stop());
    uri = embedded.uri;
    engine = embedded.engine;
  }
  reportOffThePathFailuresTo((err, what) => logger.warn({ err }, `${what} failed (off the request path)`));
  await connectDatabase(uri, options.dbName ?? (new URL(uri).pathname.slice(1) || 'huiyuan'), {
    maxPoolSize: config.MONGODB_POOL_SIZE,
  });
  closing.push('the database connection', () => disconnectDatabase());

  const redis: RedisAvailability = await ensureRedis(config.REDIS_URL);
  if (redis.startedHere) closing.push('the Redis started here', () => redis.startedHere!.stop());
  const prefix = options.queuePrefix ?? config.QUEUE_PREFIX;
  if (!redis.available) {
    logger.warn(
      `!!! Redis is not reachable at ${config.REDIS_URL} (${redis.reason}). Chat and HTTP work, but JOBS ARE PAUSED: ` +
        'notices are stored but not sent, no ledger recovery, no ticket SLA alerts, no daily care (birthdays, ' +
        'automatic tags, coupon expiry, dated campaigns), no daily backup. Start Redis or set REDIS_URL.',
    );
    return { engine, redisClient: undefined, queueSettings: null, prefix };
  }
  const redisClient = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redisClient.on('error', (err) => logger.warn({ err: err.message }, 'redis client error'));
  closing.push('the Redis client', () => redisClient.disconnect());
  return { engine, redisClient, queueSettings: { redisUrl: config.REDIS_URL, prefix }, prefix };
}

interface Domain {
  ledger: LedgerService;
  cards: MemberCards;
  payments: OnlineRecharge;
  notices: NoticeService;
  checkout: Checkout;
  verification: VerificationService;
  throttles: Throttles;
  metrics: Metrics;
  delivery: ReturnType<typeof createNotificationQueues> | undefined;
  deliveryQueues: Bull.Queue[];
}

/** The use cases: the ledger (with its repairs port), notices and their delivery queues, checkout. */
function buildDomain(
  config: Config,
  options: ServiceOptions,
  stores: Stores,
  opened: OpenedJobs,
  closing: CloseStack,
): Domain {
  const metrics = createMetrics();
  const cards = new MemberCards({
    shopName: config.SHOP_NAME,
    logoUrl: config.CARD_LOGO_URL,
    color: config.CARD_COLOR,
  });
  const ledger = new LedgerService({
    rules: currentRules,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    hooks: {
      ...options.commitHooks,
      onOutcome: (kind, outcome) => {
        metrics.ledger.inc({ kind, outcome });
        options.commitHooks?.onOutcome?.(kind, outcome);
      },
      onCommitted: (entry) => {
        cards.changed(entry.memberId, entry.seq);
        options.commitHooks?.onCommitted?.(entry);
      },
      onUnfinished: (memberId, err) => {
        if (err) logger.warn({ err, memberId: String(memberId) }, 'committed; projection left for recovery');
        opened.queued.repairs?.repair(String(memberId));
      },
    },
  });
  // Notice queues exist before the bot (which enqueues) and deliver once the channels' notifiers exist.
  const notifierChannels = [
    ...enabledChannels(config, options).map((c) => c.name),
    ...(options.notifiers ?? []).map((n) => n.channel),
  ];
  const delivery = stores.queueSettings
    ? createNotificationQueues(stores.queueSettings, notifierChannels, options.delivery)
    : undefined;
  const deliveryQueues = delivery?.queues ?? [];
  closing.push('notice queues', () => Promise.all(deliveryQueues.map((q) => q.close())));
  const notices = new NoticeService(delivery, renderMemberEvent, renderChatEvent);
  const throttles = createThrottles(stores.redisClient, `${stores.prefix}:throttle`);
  const checkout = new Checkout({
    ledger,
    notices,
    throttles,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    cards,
    report: (err, what) => logger.error({ err }, `after a commit: ${what} failed (the commit stands)`),
  });
  const payments = new OnlineRecharge(checkout, {
    minFen: config.ONLINE_RECHARGE_MIN_FEN,
    maxFen: Math.min(config.ONLINE_RECHARGE_MAX_FEN, config.MAX_AMOUNT_FEN),
    payWithinMs: config.ONLINE_RECHARGE_PAY_MINUTES * 60_000,
  });
  const sms = options.smsSender ?? smsSenderFrom(config);
  const verification = new VerificationService(sms, throttles);
  return {
    ledger,
    cards,
    payments,
    notices,
    checkout,
    verification,
    throttles,
    metrics,
    delivery,
    deliveryQueues,
  };
}

/** Chat: staff and agent routers ahead of the member's own intents. */
function buildBot(config: Config, options: ServiceOptions, domain: Domain, ports: JobPorts): ChatBot {
  const { ledger, checkout, notices, verification, throttles, metrics, cards, payments } = domain;
  const staff = new StaffRouter({
    checkout,
    notices,
    levelJobs: ports.levelJobs,
    payments,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    confirmAboveFen: config.CONFIRM_ABOVE_FEN,
  });
  const agents = new AgentRouter({ ledger, notices });
  return new ChatBot(
    { ledger, checkout, verification, throttles, notices, cards, payments },
    [agents, staff],
    (channel, outcome) => {
      metrics.messages.inc({ channel, outcome });
      if (outcome === 'failed') metrics.errors.inc({ where: 'chat' });
    },
  );
}

/** The channel plug-ins, and notice delivery through their notifiers. */
async function openChannels(
  config: Config,
  options: ServiceOptions,
  stores: Stores,
  domain: Domain,
  bot: ChatBot,
  closing: CloseStack,
): Promise<ChannelPlugin[]> {
  const plugins: ChannelPlugin[] = [];
  for (const channel of enabledChannels(config, options)) {
    plugins.push(
      await channel.create({
        config,
        bot,
        notices: domain.notices,
        cards: domain.cards,
        metrics: domain.metrics,
        redis: stores.redisClient,
        keyPrefix: stores.prefix,
      }),
    );
  }
  if (domain.delivery) {
    domain.delivery.process([
      ...plugins.flatMap((p) => (p.notifier ? [p.notifier] : [])),
      ...(options.notifiers ?? []),
    ]);
    const stopSweeper = startNoticeSweeper(domain.notices, stores.redisClient);
    closing.push('the notice sweeper', stopSweeper);
  }
  return plugins;
}

async function loadDemo(
  config: Config,
  ledger: LedgerService,
): Promise<Record<string, string[]> | undefined> {
  if (config.LOAD_DEMO !== 'always' && (config.LOAD_DEMO !== 'auto' || config.MONGODB_URI)) return undefined;
  const demo = await loadDemoFixtures(ledger);
  if (demo) logger.info('demo fixtures loaded');
  return demo?.sns;
}

/** The HTTP app, listening; then the channels start (singletons under a Redis leadership). */
async function serveHttp(
  config: Config,
  stores: Stores,
  domain: Domain,
  ports: JobPorts,
  bot: ChatBot,
  plugins: ChannelPlugin[],
  queues: Bull.Queue[],
  closing: CloseStack,
): Promise<{ url: string; adminToken: string }> {
  const { ledger, notices, checkout, verification, throttles, metrics } = domain;
  const adminToken = config.ADMIN_TOKEN ?? (await demoAdminToken(config.DATA_DIR));
  metrics.watch(queues);
  metrics.watchMessagesInFlight(() => bot.handling);
  const app = createHttpApp(
    {
      config: { ...config, ADMIN_TOKEN: adminToken },
      ledger,
      bot,
      notices,
      checkout,
      payments: domain.payments,
      levelJobs: ports.levelJobs,
      campaigns: ports.campaigns,
      imports: ports.imports,
      monthlyReports: { send: (month) => sendMonthlyReports(notices, month) },
      verification,
      throttles,
      metrics,
      readiness: { mongo: databaseAnswers, redis: () => redisAnswers(config.REDIS_URL) },
    },
    { extraRouters: [...plugins.flatMap((p) => p.routers ?? []), ...openWechatPay(config, domain.payments)] },
  );
  closing.push('work under way', () => offThePathSettled(STOP_GRACE_MS));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, '0.0.0.0', () => resolve(s));
  });
  // Graceful: take no new work, let what is under way finish (bounded), then close what is left.
  closing.push('the HTTP server', async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.race([
      Promise.all([closed, bot.drain(STOP_GRACE_MS)]),
      new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref()),
    ]);
    server.closeAllConnections?.();
  });
  const leaderships: Leadership[] = [];
  closing.push('the channels', async () => {
    for (const lead of leaderships) await lead.stop();
    for (const plugin of [...plugins].reverse())
      if (!plugin.singleton || !stores.redisClient) await plugin.stop?.();
  });
  for (const plugin of plugins) {
    if (plugin.singleton && stores.redisClient && plugin.start) {
      const { start, stop } = plugin;
      const lead = new Leadership(stores.redisClient, `${stores.prefix}:leader:${plugin.name}`, {
        elected: () => start.call(plugin),
        deposed: async () => stop?.call(plugin),
      });
      lead.start();
      leaderships.push(lead);
    } else {
      await plugin.start?.();
    }
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return { url: `http://127.0.0.1:${port}`, adminToken };
}

/** Without ADMIN_TOKEN, the demo makes one and keeps it in the data folder so it survives restarts. */
function demoAdminToken(dataDir: string): Promise<string> {
  return persistentSecret(dataDir, 'admin-token', 'hy_admin_');
}
