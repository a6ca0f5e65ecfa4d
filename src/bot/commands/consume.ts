// 消费: a purchase at the counter, priced by the member's level and an optional coupon.
import { normalizeSn } from '../../domain/coupons/coupon-sn.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { amountArg, MEMBER_REF_PROBLEM, memberRefArg } from './args.js';
import { staffCommand } from './staff-command-spec.js';

interface ConsumeArgs {
  memberRef: string;
  amountFen: number;
  excludedFen: number;
  couponSn?: string;
  paidOutside: boolean;
  pointsToUse?: number;
  note?: string;
}

export default staffCommand<ConsumeArgs>({
  kind: 'consume',
  words: ['消费', 'xf', 'consume'],
  usage:
    '消费 <手机号|卡号> <金额> [券 <券码>] [积分抵扣 <积分>] [现金] [不打折 <金额>] [备注 …]，如：消费 13800138000 88.5 券 ABCD2345EFGH',
  help: '消费 <手机号|卡号> <金额> [券 <券码>] [积分抵扣 <积分>] [现金] [不打折 <金额>] [备注 …]',
  parse(args, { maxAmountFen }) {
    const memberRef = memberRefArg(args[0]);
    if (!memberRef) return MEMBER_REF_PROBLEM;
    const amountFen = amountArg(args[1], maxAmountFen);
    if (typeof amountFen !== 'number') return amountFen;
    const command: ConsumeArgs = { memberRef, amountFen, excludedFen: 0, paidOutside: false };
    for (let i = 2; i < args.length; i++) {
      const word = args[i]!;
      if (word === '券' || word === 'coupon') {
        if (!args[i + 1]) return { problem: '「券」后面要写券码' };
        command.couponSn = normalizeSn(args[++i]!);
      } else if (word === '积分抵扣' || word === '抵扣' || word === 'points') {
        const n = args[++i];
        if (!n || !/^\d{1,9}$/.test(n) || Number(n) === 0)
          return { problem: '「积分抵扣」后面要写积分数，如 积分抵扣 500' };
        command.pointsToUse = Number(n);
      } else if (word === '现金' || word === 'cash') {
        command.paidOutside = true;
      } else if (word === '不打折') {
        const excluded = amountArg(args[++i], maxAmountFen);
        if (typeof excluded !== 'number') return { problem: `不打折${excluded.problem}` };
        command.excludedFen = excluded;
      } else if (word === '备注' || word === 'note') {
        const note = args.slice(i + 1).join(' ');
        if (note) command.note = note;
        break;
      } else {
        return { problem: `看不懂「${word}」` };
      }
    }
    return command;
  },
  amountToConfirm: (c) => c.amountFen,
  async run({ request, services }, c) {
    const result = await services.checkout.consume({
      ...request,
      ...(c.note ? { note: c.note } : {}),
      memberRef: c.memberRef,
      amountFen: c.amountFen,
      excludedFen: c.excludedFen,
      paidOutside: c.paidOutside,
      ...(c.couponSn ? { couponSn: c.couponSn } : {}),
      ...(c.pointsToUse ? { pointsToUse: c.pointsToUse } : {}),
    });
    return [text(T.consumeReceipt(result))];
  },
});
