// 核次: takes one use of the member's count card for a service.
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { MEMBER_REF_PROBLEM, memberRefArg, restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

interface UseArgs {
  memberRef: string;
  service: string;
}

export default staffCommand<UseArgs>({
  kind: 'useCountCard',
  words: ['核次', '用次卡', '扣次'],
  usage: '核次 <手机号|卡号> <项目>，如：核次 13800138000 洗剪吹',
  help: '核次 <手机号|卡号> <项目>',
  parse(args) {
    const memberRef = memberRefArg(args[0]);
    if (!memberRef) return MEMBER_REF_PROBLEM;
    const service = restText(args, 1);
    if (!service) return { problem: '请写项目名称或次卡套餐编号' };
    if (service.length > 30) return { problem: '项目名称太长了' };
    return { memberRef, service };
  },
  async run({ request, services }, c) {
    return [text(T.countCardUseReceipt(await services.checkout.useCountCard({ ...request, ...c })))];
  },
});
