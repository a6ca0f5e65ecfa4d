// 查: a member's card at the counter.
import { lookUpMember } from '../../domain/members/member-lookup.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { memberRefOnly } from './args.js';
import { staffCommand } from './staff-command-spec.js';

export default staffCommand<{ memberRef: string }>({
  kind: 'lookup',
  words: ['查询', '查', 'cha', 'lookup'],
  usage: '查 <手机号|卡号>，如：查 13800138000',
  help: '查 <手机号|卡号>',
  parse: memberRefOnly,
  async run({ request, at }, c) {
    return [text(T.lookupReply(await lookUpMember(c.memberRef, request.actor, at.store._id)))];
  },
});
