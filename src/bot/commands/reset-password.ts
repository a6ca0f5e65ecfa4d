// 重置密码: a manager clears a member's card password (forgotten, or shared by mistake).
import { resetCardPassword } from '../../domain/members/card-password.js';
import { maskPhone } from '../../domain/phone.js';
import { text } from '../types.js';
import { memberRefOnly } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ memberRef: string }>({
  kind: 'resetPassword',
  words: ['重置密码', 'resetpassword'],
  usage: '重置密码 <手机号|卡号>，如：重置密码 13800138000',
  help: '重置密码 <手机号|卡号>（店长）',
  role: 'manager',
  parse: memberRefOnly,
  async run({ request, services }, c) {
    const member = await resetCardPassword(services.notices, { ...request, ...c });
    return [text(`✅ 已清除 ${member.name ?? '会员'} ${maskPhone(member.phone)} 的卡密码，会员已收到通知。`)];
  },
});
