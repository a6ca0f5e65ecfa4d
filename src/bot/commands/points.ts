// 积分: a manager adds or takes points by hand.
import { MAX_POINTS_ADJUST } from '../../domain/ledger/ledger-service.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { MEMBER_REF_PROBLEM, memberRefArg, restText } from './args.js';
import { staffCommand } from './staff-command-spec.js';

interface PointsArgs {
  memberRef: string;
  points: number;
  reason?: string;
}

export default staffCommand<PointsArgs>({
  kind: 'points',
  words: ['积分', 'jf', 'points'],
  usage: '积分 <手机号|卡号> <+N|-N> [原因]，如：积分 13800138000 +100 活动补录',
  help: '积分 <手机号|卡号> <+N|-N> [原因]（店长）',
  role: 'manager',
  parse(args) {
    const memberRef = memberRefArg(args[0]);
    if (!memberRef) return MEMBER_REF_PROBLEM;
    const n = args[1];
    if (!n || !/^[+-]\d+$/.test(n) || Number(n) === 0) {
      return { problem: '积分数要带 + 或 -，如 +100 或 -50' };
    }
    if (Math.abs(Number(n)) > MAX_POINTS_ADJUST) {
      return { problem: `一次最多调整 ${MAX_POINTS_ADJUST} 积分` };
    }
    const reason = restText(args, 2);
    return { memberRef, points: Number(n), ...(reason ? { reason } : {}) };
  },
  async run({ request, services }, c) {
    return [text(T.pointsReceipt(await services.checkout.adjustPoints({ ...request, ...c })))];
  },
});
