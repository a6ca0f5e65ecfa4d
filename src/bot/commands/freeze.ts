// 冻结: a manager stops a card, with a reason the member and every cashier will see.
import { freezeMember } from '../../domain/members/member-status.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { MEMBER_REF_PROBLEM, memberRefArg, restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ memberRef: string; reason: string }>({
  kind: 'freeze',
  words: ['冻结', 'freeze'],
  usage: '冻结 <手机号|卡号> <原因>，如：冻结 13800138000 会员挂失',
  help: '冻结 <手机号|卡号> <原因>（店长）',
  role: 'manager',
  parse(args) {
    const memberRef = memberRefArg(args[0]);
    if (!memberRef) return MEMBER_REF_PROBLEM;
    const reason = restText(args, 1);
    if (!reason) return { problem: '请写明冻结原因' };
    if (reason.length > 100) return { problem: '原因请写在 100 字以内' };
    return { memberRef, reason };
  },
  async run({ request, services }, c) {
    return [text(T.frozenReceipt(await freezeMember(services.notices, { ...request, ...c })))];
  },
});
