// Delivers notices: one bull queue per channel (each with its own rate limit), retries with exponential
// backoff, and a dead-letter status an admin can list once the tries run out.
import type Bull from 'bull';
import {
  noticeById,
  recordDead,
  recordDelivered,
  recordFailedAttempt,
} from '../domain/notifications/notice-store.js';
import type { NoticeScheduler, Notifier } from '../domain/notifications/notifier.js';
import { logger } from '../infra/logger.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export interface NoticeJob {
  noticeId: string;
}

export interface DeliveryOptions {
  attempts: number;
  backoffMs: number;
  /** Per channel: at most `max` sends every `perMs`. */
  rate: { max: number; perMs: number };
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  attempts: 5,
  backoffMs: 2000,
  rate: { max: 20, perMs: 1000 },
};

export async function deliverNotice(notifier: Notifier, noticeId: string): Promise<void> {
  const notice = await noticeById(noticeId);
  if (!notice || notice.status === 'sent') return;
  try {
    await notifier.send(notice.externalId, notice.text);
  } catch (err) {
    await recordFailedAttempt(notice, (err as Error).message);
    throw err;
  }
  await recordDelivered(notice);
}

export function startNotificationQueues(
  settings: QueueSettings,
  notifiers: Notifier[],
  options: DeliveryOptions = DEFAULT_DELIVERY,
): NoticeScheduler & { queues: Bull.Queue<NoticeJob>[] } {
  const byChannel = new Map<string, Bull.Queue<NoticeJob>>();
  for (const notifier of notifiers) {
    const queue = createQueue<NoticeJob>(`notify-${notifier.channel}`, settings, {
      limiter: { max: options.rate.max, duration: options.rate.perMs },
    });
    void queue.process(async (job) => {
      try {
        await deliverNotice(notifier, job.data.noticeId);
      } catch (err) {
        // A failure no retry can fix (e.g. outside WeChat's service window) goes straight to dead letters.
        if ((err as { permanent?: boolean }).permanent) job.discard();
        throw err;
      }
    });
    queue.on('failed', (job, err) => {
      const permanent = (err as { permanent?: boolean }).permanent === true;
      if (!permanent && job.attemptsMade < (job.opts.attempts ?? 1)) return;
      logger.warn({ noticeId: job.data.noticeId, err: err.message }, 'notice moved to dead letters');
      void recordDead(job.data.noticeId).catch(() => {});
    });
    byChannel.set(notifier.channel, queue);
  }
  return {
    queues: [...byChannel.values()],
    async schedule(noticeId, channel) {
      const queue = byChannel.get(channel);
      if (!queue) {
        logger.warn({ channel }, 'no notifier for channel; notice stays queued');
        return;
      }
      await queue.add(
        { noticeId },
        {
          jobId: noticeId,
          attempts: options.attempts,
          backoff: { type: 'exponential', delay: options.backoffMs },
        },
      );
    },
  };
}
