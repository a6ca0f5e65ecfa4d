// The level recomputation as a bull job with progress; the chat that asked for it is told the result.
// Without Redis the same work runs in the request, so a small shop still gets it.
import { createHash } from 'node:crypto';
import { recomputeAllLevels, type RecomputeResult } from '../domain/levels/level-recompute.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { MemberCards } from '../domain/cards/member-cards.js';
import type { LevelJobOrigin, LevelJobs, LevelJobStatus } from '../domain/programme/level-jobs.js';
import type { JobPlugin } from './job-plugin.js';

const jobIdOf = (requestKey: string) =>
  `recompute-${createHash('sha256').update(requestKey).digest('base64url').slice(0, 16)}`;

async function tellOrigin(notices: NoticeService, origin: LevelJobOrigin, result: RecomputeResult) {
  if (!origin.channel || !origin.chatId) return;
  await notices.notifyChatOf(origin.channel, origin.chatId, `${jobIdOf(origin.requestKey)}:done`, {
    kind: 'levelsRecomputed',
    checked: result.checked,
    upgraded: result.upgraded,
    told: result.told ?? result.upgraded,
  });
}

export const levelRecomputeJob: JobPlugin<LevelJobOrigin> = {
  name: 'level-recompute',
  async process(job, { notices, cards }) {
    const result = await recomputeAllLevels(notices, (percent) => job.progress(percent), cards);
    await tellOrigin(notices, job.data, result);
    return result;
  },
  provides: {
    port: 'levelJobs',
    queued: (queue) => ({
      async start(origin) {
        // A repeated request (same key) finds its job by id instead of starting another.
        const job = await queue.add(origin, { jobId: jobIdOf(origin.requestKey) });
        return { jobId: String(job.id) };
      },
      async status(jobId) {
        const read = await queue.getJob(jobId);
        if (!read) return null;
        const state = await read.getState();
        // A job that completed between the two reads carries its result only in a copy read after.
        const job = state === 'completed' ? ((await queue.getJob(jobId)) ?? read) : read;
        return {
          id: String(job.id),
          state,
          progress: Number(job.progress()) || 0,
          result: (job.returnvalue as RecomputeResult | null) ?? null,
        };
      },
    }),
    inline: ({ notices, cards }) => inlineLevelRecompute(notices, cards),
  },
};

/** The same work without a queue, for a service running without Redis. */
function inlineLevelRecompute(notices: NoticeService, cards: MemberCards): LevelJobs {
  const done = new Map<string, LevelJobStatus>();
  return {
    async start(origin) {
      const id = jobIdOf(origin.requestKey);
      if (!done.has(id)) {
        const result = await recomputeAllLevels(notices, undefined, cards);
        await tellOrigin(notices, origin, result);
        done.set(id, { id, state: 'completed', progress: 100, result });
      }
      return { jobId: id };
    },
    async status(jobId) {
      return done.get(jobId) ?? null;
    },
  };
}
