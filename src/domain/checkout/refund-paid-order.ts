// 退款 of an online recharge: the recharge entry is undone by a new, opposite entry (the money and the bonus
// it brought, together), at most once, before the provider is asked to pay it back; a refund the provider
// then fails is credited back once. The balance must still hold it all: what was spent is not refunded.
import { DomainError, isDomainError } from '../errors.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import type { RechargeOrder } from '../models/recharge-order.js';
import { requireMember } from '../members/member-service.js';
import { currentMember } from '../ledger/member-projection.js';
import { requireRole } from '../staff/operator.js';
import { settleEntry } from './after-commit.js';
import { creditOrder } from './recharge-paid-order.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export async function refundPaidOrder(
  deps: CheckoutDeps,
  input: CheckoutRequest & { order: RechargeOrder; entry: LedgerEntry; reason: string },
): Promise<CheckoutResult> {
  requireRole(input.operator, 'manager');
  const { order, entry, reason, ...request } = input;
  const member = (await currentMember(order.memberId)) ?? (await requireMember(String(order.memberId)));
  try {
    // The ledger refuses to go below zero, and answers a repeated request as it did the first time.
    const result = await deps.ledger.reverse({ ...request, reason: `退款：${reason}` }, entry);
    return { ...result, ...(await settleEntry(deps, member, result.entry)) };
  } catch (err) {
    if (!isDomainError(err, 'INSUFFICIENT_BALANCE')) throw err;
    // Named, with what could still go back: the money left beyond the bonus.
    const balanceFen = Number(err.details?.balanceFen ?? member.balanceFen);
    throw new DomainError('REFUND_SPENT', 'the balance no longer holds this recharge', {
      spentFen: order.amountFen + order.bonusFen - balanceFen,
      refundableFen: Math.max(0, balanceFen - order.bonusFen),
    });
  }
}

/** The provider did not pay a refund back: the money (and its bonus) returns to the card, once. */
export function restoreFailedRefund(deps: CheckoutDeps, order: RechargeOrder): Promise<CheckoutResult> {
  return creditOrder(deps, order, {
    key: `wxrefund-failed:${order._id}`,
    by: '微信支付退款失败',
    note: `退款未成功，退回 ${order._id}`,
  });
}
