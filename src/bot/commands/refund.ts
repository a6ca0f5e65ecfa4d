// 退款: a manager refunds a member's online recharge (WeChat Pay) by its 流水号, with a reason.
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ entryNo: string; reason: string }>({
  kind: 'refund',
  words: ['退款', 'refund'],
  usage: '退款 <流水号> <原因>，如：退款 K7M2QX9P 会员要求退回',
  help: '退款 <流水号> <原因>（店长，线上充值）',
  role: 'manager',
  parse(args) {
    const entryNo = args[0]?.toUpperCase();
    if (!entryNo || !/^[0-9A-Z]{6,12}$/.test(entryNo)) return { problem: '缺少流水号' };
    const reason = restText(args, 1);
    return reason ? { entryNo, reason } : { problem: '请写明退款原因' };
  },
  async run({ request, services }, c) {
    const { order, result } = await services.payments.refund({ ...request, ...c });
    return [text(T.refundReceipt(order, result))];
  },
});
