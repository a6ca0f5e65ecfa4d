// 会员码: a code for the till, instead of saying a phone number aloud (see domain/members/member-code.ts).
import { issueMemberCode, MEMBER_CODE_SECONDS } from '../../domain/members/member-code.js';
import { text } from '../types.js';
import { memberCodeReply, NOT_BOUND } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const memberCode: MemberIntentSpec = {
  name: 'memberCode',
  words: ['会员码', '我的会员码', '动态码', '出示会员码', '/code'],
  // Issuing stores nothing: a redelivered request simply gets a fresh code.
  readOnly: true,
  handle: async ({ member }) =>
    member
      ? [text(memberCodeReply(await issueMemberCode(member.cardNumber), MEMBER_CODE_SECONDS))]
      : [text(NOT_BOUND)],
};
