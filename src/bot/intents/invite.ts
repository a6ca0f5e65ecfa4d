// 邀请码: a member's own invite code, or (with a code) naming who invited them.
import { applyReferral, inviteCodeOf } from '../../domain/referrals/referral-service.js';
import { currentProgramme } from '../../domain/programme/programme-service.js';
import type { Conversation, Handler } from '../conversation.js';
import type { MemberIntentSpec } from './member-intent.js';
import { memberActor, operationContext } from '../conversation.js';
import { text, type Reply } from '../types.js';
import { NOT_BOUND } from '../templates/member-replies.js';
import { INVITE } from '../templates/referral-replies.js';
import { errorReply } from '../templates/error-replies.js';
import { isDomainError } from '../../domain/errors.js';
import type { Member } from '../../domain/models/member.js';

const showOrApplyInvite: Handler = async (conv, args) => {
  if (!conv.member) return [text(NOT_BOUND)];
  if (args) return [text(await referredBy(conv, conv.member, args))];
  const { rules } = await currentProgramme();
  return [text(INVITE.myCode(await inviteCodeOf(conv.member._id), rules.referral))];
};

/** Names the inviter of a member who just registered or registers now; the answer in words. */
export async function referredBy(conv: Conversation, member: Member, code: string): Promise<string> {
  const { requestKey: _key, ...context } = operationContext(conv, memberActor(conv));
  const done = await applyReferral(conv.services, { ...context, invitee: member, code });
  return INVITE.rewarded(done);
}

/** At the end of registration: a wrong code costs the new member nothing but a sentence. */
export async function referralAtRegistration(
  conv: Conversation,
  member: Member,
  code: string,
): Promise<Reply[]> {
  try {
    return [text(await referredBy(conv, member, code))];
  } catch (err) {
    if (isDomainError(err)) return [text(errorReply(err))];
    throw err;
  }
}

export const invite: MemberIntentSpec = {
  name: 'invite',
  words: ['邀请码', '我的邀请码', '邀请好友', '/invite'],
  handle: showOrApplyInvite,
};
