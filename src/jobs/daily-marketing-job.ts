// The daily marketing round, Beijing time: at 03:00 the automatic tags are recomputed from the ledger and
// old points expire (members were told 30 days ahead); at
// 09:00 coupons past their end are marked, members are reminded of coupons ending within three days, and
// campaigns dated today (holiday care) start. Each step is safe to run twice.
import type Bull from 'bull';
import { BUSINESS_TZ } from '../domain/clock.js';
import { recomputeAutoTags } from '../domain/tags/tag-service.js';
import { sweepCoupons } from '../domain/coupons/coupon-expiry.js';
import { campaignsDue } from '../domain/marketing/campaigns.js';
import type { CampaignJobs } from '../domain/marketing/campaign-jobs.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { LedgerService } from '../domain/ledger/ledger-service.js';
import { expirePoints } from '../domain/points/points-expiry.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export const DAILY_MARKETING_QUEUE = 'daily-marketing';

type Task = { task: 'autoTags' } | { task: 'morning' };

export async function startDailyMarketing(
  settings: QueueSettings,
  notices: NoticeService,
  ledger: LedgerService,
  campaigns: CampaignJobs,
): Promise<Bull.Queue<Task>> {
  const queue = createQueue<Task>(DAILY_MARKETING_QUEUE, settings);
  void queue.process(async (job) => {
    if (job.data.task === 'autoTags') {
      const tags = await recomputeAutoTags(undefined, (p) => void job.progress(p));
      return { tags, points: await expirePoints({ ledger, notices }) };
    }
    const swept = await sweepCoupons(notices);
    const due = await campaignsDue();
    for (const campaign of due) await campaigns.start(campaign._id);
    return { ...swept, campaignsStarted: due.length };
  });
  await queue.add(
    { task: 'autoTags' },
    { repeat: { cron: '0 3 * * *', tz: BUSINESS_TZ }, jobId: 'auto-tags' },
  );
  await queue.add({ task: 'morning' }, { repeat: { cron: '0 9 * * *', tz: BUSINESS_TZ }, jobId: 'morning' });
  return queue;
}
