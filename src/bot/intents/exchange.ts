// 兑换 <编号>: a member spends points on a gift or coupon from the mall.
import { exchangePoints } from '../../domain/mall/mall-service.js';
import type { Handler } from '../conversation.js';
import { memberActor, operationContext } from '../conversation.js';
import { text } from '../types.js';
import { NOT_BOUND } from '../templates/member-replies.js';
import { EXCHANGE_USAGE, exchangedReply } from '../templates/mall-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

const exchangeForPoints: Handler = async (conv, args) => {
  if (!conv.member) return [text(NOT_BOUND)];
  const code = args.trim();
  if (!/^\d{1,6}$/.test(code)) return [text(EXCHANGE_USAGE)];
  const done = await exchangePoints(conv.services.checkout, {
    ...operationContext(conv, memberActor(conv)),
    memberId: conv.member._id,
    code,
  });
  return [text(exchangedReply(done))];
};

export const exchange: MemberIntentSpec = {
  name: 'exchange',
  words: ['兑换', 'exchange', '/exchange'],
  handle: exchangeForPoints,
};
