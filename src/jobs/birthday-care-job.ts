// Every morning at 09:00 Beijing time: birthday greetings, with the care coupon if one is set. Running it
// again the same day (a retry, a second instance) sends nothing twice.
import type Bull from 'bull';
import { BUSINESS_TZ } from '../domain/clock.js';
import { greetBirthdays } from '../domain/care/birthday-care.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export const BIRTHDAY_CARE_QUEUE = 'birthday-care';

export async function startBirthdayCare(
  settings: QueueSettings,
  notices: NoticeService,
): Promise<Bull.Queue> {
  const queue = createQueue<Record<string, never>>(BIRTHDAY_CARE_QUEUE, settings);
  void queue.process(() => greetBirthdays(notices));
  await queue.add({}, { repeat: { cron: '0 9 * * *', tz: BUSINESS_TZ }, jobId: 'birthday-care' });
  return queue;
}
