// A recharge paid online: credited once, keyed by its order (however many times the provider says it was
// paid, on however many instances), with the bonus tier fixed when the order was placed.
import type { RechargeOrder } from '../models/recharge-order.js';
import { requireMember } from '../members/member-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutResult } from './checkout-request.js';

export function rechargePaidOrder(deps: CheckoutDeps, order: RechargeOrder): Promise<CheckoutResult> {
  return creditOrder(deps, order, {
    key: `wxpay:${order._id}`,
    by: '微信支付',
    note: `线上充值 ${order._id}`,
  });
}

/** An order's money and its bonus onto the card, once per `key`, then what follows any entry. */
export async function creditOrder(
  deps: CheckoutDeps,
  order: RechargeOrder,
  credit: { key: string; by: string; note: string },
): Promise<CheckoutResult> {
  const member = await requireMember(String(order.memberId));
  const result = await deps.ledger.recharge({
    requestKey: credit.key,
    channel: 'wechatpay',
    actor: { kind: 'system', name: credit.by, id: order._id },
    memberId: member._id,
    amountFen: order.amountFen,
    bonusFen: order.bonusFen,
    note: credit.note,
  });
  return { ...result, ...(await settleEntry(deps, member, result.entry)) };
}
