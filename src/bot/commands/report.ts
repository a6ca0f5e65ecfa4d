// 日报: the store's totals for a business day.
import { businessDay, now } from '../../domain/clock.js';
import { storeReport } from '../../domain/reports/store-report.js';
import { staffNames } from '../../domain/staff/staff-service.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ day?: string }>({
  kind: 'report',
  words: ['日报', 'rb', 'report'],
  usage: '日报 [日期]，如：日报 或 日报 2026-11-20',
  help: '日报 [日期]',
  parse(args) {
    const day = args[0]?.replace(/[/.]/g, '-');
    if (day === undefined) return {};
    return /^\d{4}-\d{2}-\d{2}$/.test(day) ? { day } : { problem: '日期请写成 2026-11-20' };
  },
  async run({ at }, c) {
    const report = await storeReport(at.store._id, { day: c.day ?? businessDay(now()) });
    return [text(T.reportReply(at.store, report, await staffNames(report.byStaff.map((s) => s.staffId))))];
  },
});
