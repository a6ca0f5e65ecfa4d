// 签到: points once a business day, through the ledger (the day is part of the effect key).
import type { Handler } from '../conversation.js';
import type { MemberIntentSpec } from './member-intent.js';
import { memberActor, operationContext } from '../conversation.js';
import { text } from '../types.js';
import { checkinReply, NOT_BOUND } from '../templates/member-replies.js';

const checkIn: Handler = async (conv) => {
  if (!conv.member) return [text(NOT_BOUND)];
  const { entry } = await conv.services.checkout.checkIn({
    ...operationContext(conv, memberActor(conv)),
    member: conv.member,
  });
  return [text(checkinReply(entry.pointsDelta, entry.pointsAfter))];
};

export const checkin: MemberIntentSpec = {
  name: 'checkin',
  words: ['签到', '每日签到', 'checkin', 'check in', '/checkin'],
  handle: checkIn,
};
