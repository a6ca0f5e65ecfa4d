// 挂失: a manager stops a lost card at once; 补卡 then gives a new number.
import { reportLost } from '../../domain/members/card-replacement.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { memberRefOnly } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ memberRef: string }>({
  kind: 'reportLost',
  words: ['挂失'],
  usage: '挂失 <手机号|卡号>，如：挂失 13800138000',
  help: '挂失 <手机号|卡号>（店长）',
  role: 'manager',
  parse: memberRefOnly,
  async run({ request, services }, c) {
    return [text(T.lostReceipt(await reportLost(services.notices, { ...request, ...c })))];
  },
});
