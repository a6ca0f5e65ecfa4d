// 售次卡: sells a count-card plan to a member, paid from stored value or (现金) at the till.
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { MEMBER_REF_PROBLEM, memberRefArg, restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

interface SellArgs {
  memberRef: string;
  planCode: string;
  paidOutside: boolean;
}

export default staffCommand<SellArgs>({
  kind: 'sellCountCard',
  words: ['售次卡', '开次卡', '买次卡'],
  usage: '售次卡 <手机号|卡号> <套餐编号> [现金]，如：售次卡 13800138000 1',
  help: '售次卡 <手机号|卡号> <套餐编号> [现金]',
  parse(args) {
    const memberRef = memberRefArg(args[0]);
    if (!memberRef) return MEMBER_REF_PROBLEM;
    const planCode = args[1];
    if (!planCode || !/^\d{1,6}$/.test(planCode)) return { problem: '请写次卡套餐编号（数字）' };
    const rest = restText(args, 2);
    if (rest && rest !== '现金' && rest !== 'cash') return { problem: `看不懂「${rest}」` };
    return { memberRef, planCode, paidOutside: rest !== '' };
  },
  async run({ request, services }, c) {
    return [text(T.countCardSaleReceipt(await services.checkout.sellCountCard({ ...request, ...c })))];
  },
});
