// 补卡: a new card number for a member (the old one is retired); money, points and coupons carry on.
import { replaceCard } from '../../domain/members/card-replacement.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { memberRefOnly } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ memberRef: string }>({
  kind: 'replaceCard',
  words: ['补卡', '换卡'],
  usage: '补卡 <手机号>，如：补卡 13800138000',
  help: '补卡 <手机号|卡号>（店长）',
  role: 'manager',
  parse: memberRefOnly,
  async run({ request, services }, c) {
    return [text(T.replacedReceipt(await replaceCard(services.notices, { ...request, ...c })))];
  },
});
