// Campaigns on bull, one job per campaign (its id is the job id, so starting it twice runs it once), with
// progress. Without Redis the same run happens in the process, detached from the request.
import { runCampaign } from '../domain/marketing/campaigns.js';
import { offThePath } from '../domain/off-the-path.js';
import type { JobPlugin } from './job-plugin.js';

export const campaignJob: JobPlugin<{ campaignId: string }> = {
  name: 'campaigns',
  process: (job, { notices }) => runCampaign(notices, job.data.campaignId, (p) => void job.progress(p)),
  provides: {
    port: 'campaigns',
    queued: (queue) => ({
      async start(campaignId) {
        await queue.add({ campaignId }, { jobId: `campaign-${campaignId}`, attempts: 3, backoff: 5000 });
      },
    }),
    inline: ({ notices }) => ({
      async start(campaignId) {
        void offThePath('campaign', () => runCampaign(notices, campaignId));
      },
    }),
  },
};
