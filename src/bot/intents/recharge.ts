// 充值 [金额]: a member recharges online (WeChat Pay); the tiers first, then a link to pay. Without WeChat
// Pay configured, the member is sent to the counter.
import { parseAmountFen } from '../../domain/money.js';
import { currentProgramme } from '../../domain/programme/programme-service.js';
import { DomainError, isDomainError } from '../../domain/errors.js';
import { operationContext, memberActor } from '../conversation.js';
import { text } from '../types.js';
import { NOT_BOUND } from '../templates/member-replies.js';
import { RECHARGE_ONLINE } from '../templates/payment-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

export const recharge: MemberIntentSpec = {
  name: 'recharge',
  words: ['充值', '在线充值', '线上充值', '我要充值', '/recharge'],
  handle: async (conv, args) => {
    const { payments } = conv.services;
    if (!conv.member) return [text(NOT_BOUND)];
    if (!payments.enabled) throw new DomainError('ONLINE_RECHARGE_OFF', 'online recharge is off');
    const { minFen, maxFen } = payments.amountLimits;
    if (!args) {
      const { rules } = await currentProgramme();
      return [text(RECHARGE_ONLINE.offer(rules.rechargeTiers, minFen, maxFen))];
    }
    let amountFen: number;
    try {
      amountFen = parseAmountFen(args.replace(/元$/, ''), maxFen);
    } catch (err) {
      if (isDomainError(err)) return [text(RECHARGE_ONLINE.badAmount(minFen, maxFen))];
      throw err;
    }
    if (amountFen < minFen) return [text(RECHARGE_ONLINE.badAmount(minFen, maxFen))];
    const order = await payments.place({
      member: conv.member,
      amountFen,
      requestKey: operationContext(conv, memberActor(conv)).requestKey,
      // Inside WeChat the member pays in place (JSAPI); anywhere else by scanning a QR code (Native).
      openid: conv.msg.channel === 'wechat' && payments.hasPayPage ? conv.msg.from.id : null,
    });
    if (order.status === 'paid') return [text(RECHARGE_ONLINE.paid)];
    if (order.status === 'closed') return [text(RECHARGE_ONLINE.closed)];
    const link = payments.payPageUrl(order._id) ?? order.codeUrl ?? '';
    return [text(RECHARGE_ONLINE.pay(order.amountFen, order.bonusFen, link))];
  },
};
