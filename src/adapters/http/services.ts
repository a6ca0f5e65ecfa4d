// What the HTTP adapter needs from the rest of the service, passed in at start-up.
import type { OnlineRecharge } from '../../domain/payments/online-recharge.js';
import type { Config } from '../../config.js';
import type { LedgerService } from '../../domain/ledger/ledger-service.js';
import type { ChatBot } from '../../bot/chat-bot.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import type { Checkout } from '../../domain/checkout/checkout.js';
import type { LevelJobs } from '../../domain/programme/level-jobs.js';
import type { CampaignJobs } from '../../domain/marketing/campaign-jobs.js';
import type { ImportJobs } from '../../domain/imports/import-jobs.js';
import type { VerificationService } from '../../domain/verification/verification-service.js';
import type { Throttles } from '../../domain/throttle.js';
import type { Metrics } from '../../infra/metrics.js';

export interface HttpServices {
  config: Config;
  ledger: LedgerService;
  bot: ChatBot;
  notices: NoticeService;
  checkout: Checkout;
  payments: OnlineRecharge;
  levelJobs: LevelJobs;
  campaigns: CampaignJobs;
  imports: ImportJobs;
  verification: VerificationService;
  /** Sends each store's group chats its month (the job does it on the 1st). */
  monthlyReports: { send(month?: string): Promise<{ month: string; stores: number; sent: number }> };
  throttles: Throttles;
  metrics?: Metrics;
  /** Readiness of each backing service, for /readyz. */
  readiness: Record<string, () => Promise<boolean>>;
}
