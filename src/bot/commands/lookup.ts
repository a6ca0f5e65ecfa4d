// 查: a member's card at the counter, by phone or card number; by the phone's last four digits (手机尾号)
// the matches are listed for the cashier to choose from, never guessed.
import { isPhoneTail } from '../../domain/members/phone-tail.js';
import { lookUpMember, lookUpPhoneTail } from '../../domain/members/member-lookup.js';
import { text } from '../types.js';
import * as T from '../templates/staff-replies.js';
import { MEMBER_REF_PROBLEM, memberRefArg } from './args.js';
import { staffCommand } from './staff-command-spec.js';

type Lookup = { memberRef: string } | { tail: string };

export default staffCommand<Lookup>({
  kind: 'lookup',
  words: ['查询', '查', 'cha', 'lookup'],
  usage: '查 <手机号|卡号|手机尾号4位>，如：查 13800138000 或 查 8000',
  help: '查 <手机号|卡号|尾号>',
  parse(args) {
    const memberRef = memberRefArg(args[0]);
    if (memberRef) return { memberRef };
    if (args[0] && isPhoneTail(args[0])) return { tail: args[0] };
    return MEMBER_REF_PROBLEM;
  },
  async run({ request, at }, c) {
    if ('memberRef' in c)
      return [text(T.lookupReply(await lookUpMember(c.memberRef, request.actor, at.store._id)))];
    const found = await lookUpPhoneTail(c.tail, request.actor, at.store._id);
    if (found.kind === 'one') return [text(T.lookupReply(found.found))];
    return [text(T.phoneTailReply(c.tail, found))];
  },
});
