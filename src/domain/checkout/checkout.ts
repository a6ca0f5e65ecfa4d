// The checkout every door calls: chat commands, HTTP routes and jobs hold one of these and nothing else
// that moves money, so they cannot disagree about a price, a bonus, points, a level or a notice. The
// mall, referrals and points expiry move points through it too (src/domain/ledger is called from here only).
import { adjustPoints, type AdjustPointsInput } from './adjust-points.js';
import { checkIn } from './check-in.js';
import { consume, type ConsumeInput } from './consume.js';
import { recharge, type RechargeInput } from './recharge.js';
import { redeemAtCounter, type RedeemInput } from './redeem-at-counter.js';
import { reverse, type ReverseInput } from './reverse.js';
import { sellCountCard, type SellCountCardInput } from './sell-count-card.js';
import { useCountCard, type UseCountCardInput } from './use-count-card.js';
import { expirePoints, rewardPoints } from './programme-points.js';
import { redeemGift, type RedeemGiftInput } from './redeem-gift.js';
import { rechargePaidOrder } from './recharge-paid-order.js';
import { refundPaidOrder, restoreFailedRefund } from './refund-paid-order.js';
import type { RechargeOrder } from '../models/recharge-order.js';
import type { CheckoutDeps } from './checkout-request.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { OperationContext } from '../ledger/ledger-service.js';
import type { Member } from '../models/member.js';

export class Checkout {
  constructor(readonly deps: CheckoutDeps) {}

  consume = (input: ConsumeInput) => consume(this.deps, input);
  recharge = (input: RechargeInput) => recharge(this.deps, input);
  adjustPoints = (input: AdjustPointsInput) => adjustPoints(this.deps, input);
  redeemAtCounter = (input: RedeemInput) => redeemAtCounter(this.deps, input);
  reverse = (input: ReverseInput) => reverse(this.deps, input);
  checkIn = (input: OperationContext & { member: Member }) => checkIn(this.deps, input);
  sellCountCard = (input: SellCountCardInput) => sellCountCard(this.deps, input);
  useCountCard = (input: UseCountCardInput) => useCountCard(this.deps, input);
  redeemGift = (input: RedeemGiftInput) => redeemGift(this.deps, input);
  /** A recharge the payment provider says was paid (its notify, or the reconciliation's query). */
  rechargePaidOrder = (order: RechargeOrder) => rechargePaidOrder(this.deps, order);
  refundPaidOrder = (input: Parameters<typeof refundPaidOrder>[1]) => refundPaidOrder(this.deps, input);
  restoreFailedRefund = (order: RechargeOrder) => restoreFailedRefund(this.deps, order);
  /** Points spent in the mall (the mall holds the stock; this takes the points). */
  payWithPoints = (input: Parameters<LedgerService['redeemPoints']>[0]) =>
    this.deps.ledger.redeemPoints(input);
  rewardPoints = (input: Parameters<typeof rewardPoints>[1]) => rewardPoints(this.deps, input);
  expirePoints = (input: Parameters<typeof expirePoints>[1]) => expirePoints(this.deps, input);
}

export type { ConsumeInput, RechargeInput, AdjustPointsInput, RedeemInput, ReverseInput };
export type { SellCountCardInput, UseCountCardInput };
export type { CheckoutRequest, CheckoutResult } from './checkout-request.js';
export { SYSTEM_OPERATOR, type Operator } from '../staff/operator.js';
