// 充值: stored value paid in at the counter, with the programme's bonus tier.
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { amountArg, MEMBER_REF_PROBLEM, memberRefArg, restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

interface RechargeArgs {
  memberRef: string;
  amountFen: number;
  note?: string;
}

export default staffCommand<RechargeArgs>({
  kind: 'recharge',
  words: ['充值', 'cz', 'recharge'],
  usage: '充值 <手机号|卡号> <金额>，如：充值 13800138000 500',
  help: '充值 <手机号|卡号> <金额>',
  parse(args, { maxAmountFen }) {
    const memberRef = memberRefArg(args[0]);
    if (!memberRef) return MEMBER_REF_PROBLEM;
    const amountFen = amountArg(args[1], maxAmountFen);
    if (typeof amountFen !== 'number') return amountFen;
    if (args.length > 2 && args[2] !== '备注') return { problem: `看不懂「${restText(args, 2)}」` };
    const note = restText(args, 3);
    return { memberRef, amountFen, ...(note ? { note } : {}) };
  },
  amountToConfirm: (c) => c.amountFen,
  async run({ request, services }, c) {
    const result = await services.checkout.recharge({
      ...request,
      ...(c.note ? { note: c.note } : {}),
      memberRef: c.memberRef,
      amountFen: c.amountFen,
    });
    return [text(T.rechargeReceipt(result))];
  },
});
