// Campaigns on bull, one job per campaign (its id is the job id, so starting it twice runs it once), with
// progress. Without Redis the same run happens in the process, detached from the request.
import type Bull from 'bull';
import { runCampaign } from '../domain/marketing/campaigns.js';
import type { CampaignJobs } from '../domain/marketing/campaign-jobs.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import { offThePath } from '../domain/off-the-path.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export const CAMPAIGN_QUEUE = 'campaigns';

export function startCampaigns(
  settings: QueueSettings,
  notices: NoticeService,
): { queue: Bull.Queue<{ campaignId: string }>; jobs: CampaignJobs } {
  const queue = createQueue<{ campaignId: string }>(CAMPAIGN_QUEUE, settings);
  void queue.process((job) => runCampaign(notices, job.data.campaignId, (p) => void job.progress(p)));
  return {
    queue,
    jobs: {
      async start(campaignId) {
        await queue.add({ campaignId }, { jobId: `campaign-${campaignId}`, attempts: 3, backoff: 5000 });
      },
    },
  };
}

export function inlineCampaigns(notices: NoticeService): CampaignJobs {
  return {
    async start(campaignId) {
      void offThePath('campaign', () => runCampaign(notices, campaignId));
    },
  };
}
