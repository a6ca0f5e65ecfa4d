// 打标签 and 去标签: a manager tags a member (or takes a tag off) from the store group.
import { requireMember } from '../../domain/members/member-service.js';
import { allTags, changeTags } from '../../domain/tags/tag-service.js';
import { text } from '../types.js';
import { tagsReply } from '../templates/staff-replies.js';
import { MEMBER_REF_PROBLEM, memberRefArg } from './args.js';
import { staffCommand, type StaffCommandSpec } from './staff-command-spec.js';

interface TagArgs {
  memberRef: string;
  tags: string[];
}

function tagCommand(kind: 'tag' | 'untag', words: string[], example: string): StaffCommandSpec {
  return staffCommand<TagArgs>({
    kind,
    words,
    usage: `${words[0]} <手机号|卡号> <标签> [标签…]，如：${example}`,
    help: `${words[0]} <手机号|卡号> <标签>（店长）`,
    role: 'manager',
    parse(args) {
      const memberRef = memberRefArg(args[0]);
      if (!memberRef) return MEMBER_REF_PROBLEM;
      const tags = args.slice(1).filter(Boolean);
      if (!tags.length) return { problem: '请写至少一个标签' };
      return { memberRef, tags };
    },
    async run({ request }, c) {
      const member = await requireMember(c.memberRef);
      const change = kind === 'tag' ? { add: c.tags } : { remove: c.tags };
      return [text(tagsReply(member, allTags(await changeTags(member, change, request.actor))))];
    },
  });
}

export const tag = tagCommand('tag', ['打标签', '加标签', 'tag'], '打标签 13800138000 爱喝咖啡');
export const untag = tagCommand('untag', ['去标签', '删标签', 'untag'], '去标签 13800138000 爱喝咖啡');
