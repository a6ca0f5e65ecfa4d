// 月报: the store's totals for a business month, reversals on their own line.
import { businessMonth, now } from '../../domain/clock.js';
import { storeMonth } from '../../domain/reports/closed-periods.js';
import { staffNames } from '../../domain/staff/staff-service.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ month?: string }>({
  kind: 'monthlyReport',
  words: ['月报', 'yb'],
  usage: '月报 [月份]，如：月报 或 月报 2026-10',
  help: '月报 [月份]',
  parse(args) {
    const given = args[0]?.replace(/[/.年]/g, '-').replace(/月$/, '');
    if (given === undefined) return {};
    const month = given.replace(/^(\d{4})-(\d)$/, '$1-0$2');
    return /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? { month } : { problem: '月份请写成 2026-10' };
  },
  async run({ at }, c) {
    const report = await storeMonth(at.store._id, c.month ?? businessMonth(now()));
    return [text(T.reportReply(at.store, report, await staffNames(report.byStaff.map((s) => s.staffId))))];
  },
});
