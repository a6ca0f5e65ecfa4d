// A member redeems a gift coupon (its SN sent in chat): once per SN, recorded in the member's ledger as a
// zero-value entry; the gift is then handed over at a store with 核销.
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { DomainError } from '../errors.js';
import type { Coupon } from '../models/coupon.js';
import type { OperationContext } from '../ledger/ledger-service.js';
import type { CommitResult } from '../ledger/commit.js';
import { refuseIfOthers, withCouponUse } from '../coupons/coupon-service.js';
import { refuseUnusable } from '../coupons/coupon-rules.js';
import type { CheckoutDeps } from './checkout-request.js';

export interface RedeemGiftInput extends OperationContext {
  coupon: Coupon;
  memberId: Types.ObjectId;
}

export async function redeemGift(deps: CheckoutDeps, input: RedeemGiftInput): Promise<CommitResult> {
  const { coupon, memberId, ...context } = input;
  if (coupon.type !== 'gift') throw new DomainError('COUPON_NOT_APPLICABLE', 'this is not a gift coupon');
  refuseIfOthers(coupon, memberId);
  // A coupon shown as used may be this very request retried: the reservation tells a retry (same key)
  // from a second use (COUPON_USED). Every other refusal comes before anything is written.
  if (coupon.status !== 'used') refuseUnusable(coupon, now());
  return withCouponUse(coupon._id, memberId, context.requestKey, () =>
    deps.ledger.redeemGift({
      ...context,
      memberId,
      sn: coupon._id,
      giftName: coupon.giftName ?? coupon.name,
    }),
  );
}
