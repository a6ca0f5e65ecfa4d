// On the 1st at 08:00 Beijing time, each store's group chats get last month's 月报. Each send is keyed by
// store, month and chat, so a rerun (or POST /api/reports/monthly/send) sends nothing twice.
import dayjs from 'dayjs';
import { BUSINESS_TZ, now } from '../domain/clock.js';
import { storeMonth } from '../domain/reports/closed-periods.js';
import { listStores } from '../domain/stores/store-service.js';
import { staffNames } from '../domain/staff/staff-service.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { JobPlugin } from './job-plugin.js';

export interface MonthlySend {
  month: string;
  stores: number;
  /** Group chats told (0 for a chat told this month's report before). */
  sent: number;
}

export function lastMonth(at = now()): string {
  return dayjs(at).tz(BUSINESS_TZ).subtract(1, 'month').format('YYYY-MM');
}

export async function sendMonthlyReports(notices: NoticeService, month = lastMonth()): Promise<MonthlySend> {
  const stores = await listStores();
  let sent = 0;
  for (const store of stores) {
    if (!store.groupChats.length) continue;
    const report = await storeMonth(store._id, month);
    const names = await staffNames(report.byStaff.map((s) => s.staffId));
    for (const chat of store.groupChats) {
      const [channel, ...rest] = chat.split(':');
      const outcome = await notices.notifyChatOf(
        channel!,
        rest.join(':'),
        `monthly:${store.code}:${month}:${chat}`,
        { kind: 'monthlyReport', store, report, staffNames: names },
      );
      if (outcome !== 'duplicate') sent++;
    }
  }
  return { month, stores: stores.length, sent };
}

export const monthlyReportJob: JobPlugin = {
  name: 'monthly-report',
  schedules: () => [{ id: 'monthly-report', data: {}, schedule: { cron: '0 8 1 * *', tz: BUSINESS_TZ } }],
  process: (_job, { notices }) => sendMonthlyReports(notices),
};
