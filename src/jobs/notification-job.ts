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
  if (!notice || notice.status === 'sent' || !notice.externalId) return; // unaddressed: never queued
  try {
    await notifier.send(notice.externalId, notice.text);
  } catch (err) {
    await recordFailedAttempt(notice, (err as Error).message);
    throw err;
  }
  await recordDelivered(notice);
}

export interface NotificationQueues extends NoticeScheduler {
  queues: Bull.Queue<NoticeJob>[];
  /** Starts delivering: each channel's queue is worked by that channel's notifier. */
  process(notifiers: readonly Notifier[]): void;
}

/**
 * Creates one queue per channel. Enqueueing works at once; delivery starts when `process` is given the
 * channels' notifiers, which can be built after the bot (they need it, and the bot needs this).
 */
/** Enqueue attempts allowed to wait for Redis at once; beyond that the sweeper takes over. */
const MAX_PENDING_ADDS = 1000;

export function createNotificationQueues(
  settings: QueueSettings,
  channels: readonly string[],
  options: DeliveryOptions = DEFAULT_DELIVERY,
): NotificationQueues {
  let adding = 0;
  const byChannel = new Map<string, Bull.Queue<NoticeJob>>();
  for (const channel of new Set(channels)) {
    byChannel.set(
      channel,
      createQueue<NoticeJob>(`notify-${channel}`, settings, {
        limiter: { max: options.rate.max, duration: options.rate.perMs },
      }),
    );
  }
  return {
    queues: [...byChannel.values()],
    process(notifiers) {
      for (const notifier of notifiers) {
        const queue = byChannel.get(notifier.channel);
        if (!queue) throw new Error(`no notice queue for channel ${notifier.channel}`);
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
      }
    },
    // Never waits for Redis: the notice is already stored as queued, so a reply goes out at once. An add
    // that fails (or hangs while Redis is away) is left to the sweeper, which enqueues stored notices
    // again; the job id is the notice id, so a notice is enqueued once however often it is offered.
    async schedule(noticeId, channel) {
      const queue = byChannel.get(channel);
      if (!queue) {
        logger.warn({ channel }, 'no notifier for channel; notice stays queued');
        return;
      }
      if (adding >= MAX_PENDING_ADDS) return;
      adding++;
      queue
        .add(
          { noticeId },
          {
            jobId: noticeId,
            attempts: options.attempts,
            backoff: { type: 'exponential', delay: options.backoffMs },
          },
        )
        .catch((err: unknown) =>
          logger.warn({ noticeId, err: (err as Error).message }, 'notice not enqueued yet'),
        )
        .finally(() => adding--);
    },
  };
}
