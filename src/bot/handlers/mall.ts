// 积分商城 and 兑换 <编号>: members spend points on gifts and coupons.
import { exchangePoints, openMallItems } from '../../domain/mall/mall-service.js';
import type { Handler } from '../conversation.js';
import { memberActor, operationContext } from '../conversation.js';
import { text } from '../types.js';
import { NOT_BOUND } from '../templates/member-replies.js';
import { EXCHANGE_USAGE, exchangedReply, mallReply } from '../templates/mall-replies.js';

export const showMall: Handler = async ({ member }) => [
  text(mallReply(await openMallItems(), member?.points ?? null)),
];

export const exchange: Handler = async (conv, args) => {
  if (!conv.member) return [text(NOT_BOUND)];
  const code = args.trim();
  if (!/^\d{1,6}$/.test(code)) return [text(EXCHANGE_USAGE)];
  const done = await exchangePoints(conv.services.ledger, {
    ...operationContext(conv, memberActor(conv)),
    memberId: conv.member._id,
    code,
  });
  return [text(exchangedReply(done))];
};
