// 解冻: a manager starts a frozen card again.
import { unfreezeMember } from '../../domain/members/member-status.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { memberRefOnly } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ memberRef: string }>({
  kind: 'unfreeze',
  words: ['解冻', 'unfreeze'],
  usage: '解冻 <手机号|卡号>，如：解冻 13800138000',
  help: '解冻 <手机号|卡号>（店长）',
  role: 'manager',
  parse: memberRefOnly,
  async run({ request, services }, c) {
    return [text(T.unfrozenReceipt(await unfreezeMember(services.notices, { ...request, ...c })))];
  },
});
