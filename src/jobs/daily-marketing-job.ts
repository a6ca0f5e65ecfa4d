// The daily marketing round, Beijing time: at 03:00 the automatic tags are recomputed from the ledger and
// old points expire (members were told 30 days ahead); at 09:00 coupons past their end are marked,
// members are reminded of coupons ending within three days, and campaigns dated today (holiday care)
// start. Each step is safe to run twice.
import { BUSINESS_TZ } from '../domain/clock.js';
import { recomputeAutoTags } from '../domain/tags/tag-service.js';
import { sweepCoupons } from '../domain/coupons/coupon-expiry.js';
import { campaignsDue } from '../domain/marketing/campaigns.js';
import { expirePoints } from '../domain/points/points-expiry.js';
import type { JobPlugin } from './job-plugin.js';

type Task = { task: 'autoTags' } | { task: 'morning' };

export const dailyMarketingJob: JobPlugin<Task> = {
  name: 'daily-marketing',
  schedules: () => [
    { id: 'auto-tags', data: { task: 'autoTags' }, schedule: { cron: '0 3 * * *', tz: BUSINESS_TZ } },
    { id: 'morning', data: { task: 'morning' }, schedule: { cron: '0 9 * * *', tz: BUSINESS_TZ } },
  ],
  async process(job, { checkout, notices, ports }) {
    if (job.data.task === 'autoTags') {
      const tags = await recomputeAutoTags(undefined, (p) => void job.progress(p));
      return { tags, points: await expirePoints({ checkout, notices }) };
    }
    const swept = await sweepCoupons(notices);
    const due = await campaignsDue();
    for (const campaign of due) await ports.campaigns.start(campaign._id);
    return { ...swept, campaignsStarted: due.length };
  },
};
