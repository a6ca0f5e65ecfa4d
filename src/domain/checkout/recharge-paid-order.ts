// A recharge paid online: credited once, keyed by its order (however many times the provider says it was
// paid, on however many instances), with the bonus tier fixed when the order was placed.
import type { RechargeOrder } from '../models/recharge-order.js';
import { requireMember } from '../members/member-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutResult } from './checkout-request.js';

export async function rechargePaidOrder(deps: CheckoutDeps, order: RechargeOrder): Promise<CheckoutResult> {
  const member = await requireMember(String(order.memberId));
  const result = await deps.ledger.recharge({
    requestKey: `wxpay:${order._id}`,
    channel: 'wechatpay',
    actor: { kind: 'system', name: '微信支付', id: order._id },
    memberId: member._id,
    amountFen: order.amountFen,
    bonusFen: order.bonusFen,
    note: `线上充值 ${order._id}`,
  });
  return { ...result, ...(await settleEntry(deps, member, result.entry)) };
}
