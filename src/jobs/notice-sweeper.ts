// Offers stored, undelivered notices (addressing those not yet addressed) to the delivery queues again: at start-up, every minute, and as
// soon as Redis answers again after an outage. Enqueueing never blocks a reply, so this is how a notice
// whose enqueue failed still goes out, once (the queue's job id is the notice id).
import type { Redis } from 'ioredis';
import { undeliveredNotices } from '../domain/notifications/notice-store.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import { logger } from '../infra/logger.js';

const EVERY_MS = 60_000;
const BATCH = 500;

export function startNoticeSweeper(notices: NoticeService, redis: Redis | undefined): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const notice of await undeliveredNotices(BATCH)) await notices.offer(notice);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'notice sweep failed');
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), EVERY_MS);
  timer.unref();
  const onReady = () => void sweep();
  redis?.on('ready', onReady);
  return () => {
    clearInterval(timer);
    redis?.off('ready', onReady);
  };
}
