// Assembles the running service: database, Redis and jobs, domain services, channels, HTTP server.
import type { Server } from 'node:http';
import type Bull from 'bull';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import { connectDatabase, databaseAnswers, disconnectDatabase } from './infra/database.js';
import { startEmbeddedMongo, type EmbeddedMongo } from './infra/embedded-mongo.js';
import { ferretBackendFrom } from './infra/ferretdb.js';
import { ensureRedis, redisAnswers, type RedisAvailability } from './infra/redis-server.js';
import { logger } from './infra/logger.js';
import { loadDemoFixtures } from './infra/demo-fixtures.js';
import { persistentSecret } from './infra/secrets.js';
import { createThrottles } from './infra/throttles.js';
import { createMetrics } from './infra/metrics.js';
import { Leadership } from './infra/leader.js';
import { startDailyBackup } from './jobs/backup-job.js';
import { LedgerService } from './domain/ledger/ledger-service.js';
import { offThePathSettled, reportOffThePathFailuresTo } from './domain/off-the-path.js';
import { backfillDirectory } from './domain/members/member-directory.js';
import { backfillListings } from './domain/listings/listings-backfill.js';
import { backfillPhoneTails } from './domain/members/phone-tail.js';
import type { CommitHooks } from './domain/ledger/commit.js';
import { currentRules } from './domain/programme/programme-service.js';
import type { LevelJobs } from './domain/programme/level-jobs.js';
import { Checkout } from './domain/checkout/checkout.js';
import { LoggingSmsSender, type SmsSender } from './domain/verification/sms-sender.js';
import { VerificationService } from './domain/verification/verification-service.js';
import { NoticeService } from './domain/notifications/notice-service.js';
import type { Notifier } from './domain/notifications/notifier.js';
import { ChatBot } from './bot/chat-bot.js';
import { StaffRouter } from './bot/staff/staff-router.js';
import { AgentRouter } from './bot/agents/agent-router.js';
import { renderMemberEvent } from './bot/templates/member-notices.js';
import { createHttpApp } from './adapters/http/app.js';
import type { ChannelPlugin } from './adapters/channel-plugin.js';
import { enabledChannels, type ChannelOverrides } from './adapters/channels.js';
import { createNotificationQueues, type DeliveryOptions } from './jobs/notification-job.js';
import { startTicketSla } from './jobs/ticket-sla-job.js';
import { startBirthdayCare } from './jobs/birthday-care-job.js';
import { inlineCampaigns, startCampaigns } from './jobs/campaign-job.js';
import { startDailyMarketing } from './jobs/daily-marketing-job.js';
import { sendMonthlyReports, startMonthlyReports } from './jobs/monthly-report-job.js';
import { inlineMemberImports, startMemberImports } from './jobs/member-import-job.js';
import type { ImportJobs } from './domain/imports/import-jobs.js';
import type { CampaignJobs } from './domain/marketing/campaign-jobs.js';
import { startNoticeSweeper } from './jobs/notice-sweeper.js';
import { inlineLevelRecompute, startLevelRecompute } from './jobs/level-recompute-job.js';
import {
  scheduleMemberRecovery,
  startLedgerRecovery,
  type LedgerRecoveryJob,
} from './jobs/ledger-recovery-job.js';

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
  let embedded: EmbeddedMongo | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedMongo({
      dataDir: config.DATA_DIR,
      persistent: true,
      backend: ferretBackendFrom(config),
      progress: (line) => logger.info(line),
    });
    uri = embedded.uri;
  }
  reportOffThePathFailuresTo((err, what) => logger.warn({ err }, `${what} failed (off the request path)`));
  await connectDatabase(uri, options.dbName ?? (new URL(uri).pathname.slice(1) || 'huiyuan'), {
    maxPoolSize: config.MONGODB_POOL_SIZE,
  });

  const redis: RedisAvailability = await ensureRedis(config.REDIS_URL);
  const redisClient = redis.available
    ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  redisClient?.on('error', (err) => logger.warn({ err: err.message }, 'redis client error'));
  const prefix = options.queuePrefix ?? config.QUEUE_PREFIX;
  const queueSettings = { redisUrl: config.REDIS_URL, prefix };
  const queues: Bull.Queue[] = [];
  let recovery: Bull.Queue<LedgerRecoveryJob> | undefined;
  if (redis.available) {
    recovery = await startLedgerRecovery(queueSettings);
    queues.push(recovery);
  } else {
    logger.warn(
      `!!! Redis is not reachable at ${config.REDIS_URL} (${redis.reason}). Chat and HTTP work, but JOBS ARE PAUSED: ` +
        'notices are stored but not sent, no ledger recovery, no ticket SLA alerts, no daily care (birthdays, ' +
        'automatic tags, coupon expiry, dated campaigns), no daily backup. Start Redis or set REDIS_URL.',
    );
  }

  const metrics = createMetrics();
  const ledger = new LedgerService({
    rules: currentRules,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    hooks: {
      ...options.commitHooks,
      onOutcome: (kind, outcome) => {
        metrics.ledger.inc({ kind, outcome });
        options.commitHooks?.onOutcome?.(kind, outcome);
      },
      onUnfinished: (memberId, err) => {
        if (err) logger.warn({ err, memberId: String(memberId) }, 'committed; projection left for recovery');
        if (recovery) scheduleMemberRecovery(recovery, memberId);
      },
    },
  });

  // Notice queues exist before the bot (which enqueues), deliver once the channels' notifiers exist
  // (which need the bot): no reference is filled in later.
  const channels = enabledChannels(config, options);
  const notifierChannels = [
    ...channels.map((c) => c.name),
    ...(options.notifiers ?? []).map((n) => n.channel),
  ];
  const delivery = redis.available
    ? createNotificationQueues(queueSettings, notifierChannels, options.delivery)
    : undefined;
  if (delivery) queues.push(...delivery.queues);
  const notices = new NoticeService(delivery, renderMemberEvent);
  let levelJobs: LevelJobs = inlineLevelRecompute(notices);
  let campaigns: CampaignJobs = inlineCampaigns(notices);
  let imports: ImportJobs = inlineMemberImports();
  if (redis.available) {
    queues.push(await startTicketSla(queueSettings, notices));
    queues.push(await startBirthdayCare(queueSettings, notices));
    const campaignQueue = startCampaigns(queueSettings, notices);
    campaigns = campaignQueue.jobs;
    queues.push(campaignQueue.queue, await startDailyMarketing(queueSettings, notices, ledger, campaigns));
    queues.push(await startMonthlyReports(queueSettings, notices));
    const importQueue = startMemberImports(queueSettings);
    imports = importQueue.jobs;
    queues.push(importQueue.queue);
    const recompute = startLevelRecompute(queueSettings, notices);
    queues.push(recompute.queue);
    levelJobs = recompute.jobs;
    const backups = await startDailyBackup(queueSettings, config, logger);
    if (backups) queues.push(backups);
  }
  const throttles = createThrottles(redisClient, `${prefix}:throttle`);
  const checkout = new Checkout({
    ledger,
    notices,
    throttles,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    report: (err, what) => logger.error({ err }, `after a commit: ${what} failed (the commit stands)`),
  });

  const sms = options.smsSender ?? new LoggingSmsSender((line) => logger.info(line));
  const staff = new StaffRouter({
    checkout,
    notices,
    levelJobs,
    maxAmountFen: config.MAX_AMOUNT_FEN,
    confirmAboveFen: config.CONFIRM_ABOVE_FEN,
  });
  const agents = new AgentRouter({ ledger, notices });
  const verification = new VerificationService(sms, throttles);
  const bot = new ChatBot(
    { ledger, checkout, verification, throttles, notices },
    [agents, staff],
    (channel, outcome) => {
      metrics.messages.inc({ channel, outcome });
      if (outcome === 'failed') metrics.errors.inc({ where: 'chat' });
    },
  );

  const plugins: ChannelPlugin[] = [];
  for (const channel of channels) {
    plugins.push(await channel.create({ config, bot, notices, redis: redisClient, keyPrefix: prefix }));
  }
  delivery?.process([
    ...plugins.flatMap((p) => (p.notifier ? [p.notifier] : [])),
    ...(options.notifiers ?? []),
  ]);
  const stopSweeper = delivery ? startNoticeSweeper(notices, redisClient) : () => undefined;

  let demoSns: Record<string, string[]> | undefined;
  if (config.LOAD_DEMO === 'always' || (config.LOAD_DEMO === 'auto' && !config.MONGODB_URI)) {
    const demo = await loadDemoFixtures(ledger);
    if (demo) {
      logger.info('demo fixtures loaded');
      demoSns = demo.sns;
    }
  }

  // Members stored before the member directory existed get their slots, once, off the start-up path.
  void backfillDirectory();
  void backfillListings();
  void backfillPhoneTails();

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
      levelJobs,
      campaigns,
      imports,
      monthlyReports: { send: (month) => sendMonthlyReports(notices, month) },
      verification,
      throttles,
      metrics,
      readiness: { mongo: databaseAnswers, redis: () => redisAnswers(config.REDIS_URL) },
    },
    { extraRouters: plugins.flatMap((p) => p.routers ?? []) },
  );
  const leaderships: Leadership[] = [];
  for (const plugin of plugins) {
    if (plugin.singleton && redisClient && plugin.start) {
      const { start, stop } = plugin;
      const lead = new Leadership(redisClient, `${prefix}:leader:${plugin.name}`, {
        elected: () => start.call(plugin),
        deposed: async () => stop?.call(plugin),
      });
      lead.start();
      leaderships.push(lead);
    } else {
      await plugin.start?.();
    }
  }
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
      // Graceful: take no new work, let what is under way finish (bounded), then close the engines.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const lead of leaderships) await lead.stop();
      for (const plugin of [...plugins].reverse())
        if (!plugin.singleton || !redisClient) await plugin.stop?.();
      stopSweeper();
      await Promise.race([
        Promise.all([closed, bot.drain(STOP_GRACE_MS)]),
        new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref()),
      ]);
      server.closeAllConnections?.();
      await offThePathSettled(STOP_GRACE_MS);
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
