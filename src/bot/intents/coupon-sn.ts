// A bare coupon SN: a gift is redeemed, a discount or cash coupon is claimed into the wallet.
import type { Types } from 'mongoose';
import { claimCoupon, findCoupon } from '../../domain/coupons/coupon-service.js';
import { putInWallet } from '../../domain/coupons/coupon-wallet.js';
import { looksLikeSn } from '../../domain/coupons/coupon-sn.js';
import { DomainError } from '../../domain/errors.js';
import { listStores } from '../../domain/stores/store-service.js';
import type { Handler } from '../conversation.js';
import { memberActor, operationContext } from '../conversation.js';
import { text } from '../types.js';
import { couponClaimedReply, giftRedeemedReply, NOT_BOUND } from '../templates/member-replies.js';
import type { MemberIntentSpec } from './member-intent.js';

const useCouponSn: Handler = async (conv) => {
  if (!conv.member) return [text(NOT_BOUND)];
  // Counted before the lookup, so guessing SNs is slow whatever the guesses find.
  if (!(await conv.services.throttles.snGuess.allow(conv.identityKey))) {
    throw new DomainError('RATE_LIMITED', 'too many SN attempts');
  }
  const coupon = await findCoupon(conv.raw);
  if (coupon.type === 'gift') {
    const { entry } = await conv.services.checkout.redeemGift({
      ...operationContext(conv, memberActor(conv)),
      coupon,
      memberId: conv.member._id,
    });
    // Kept in 我的券 until it is picked up, so the member can find its code again.
    await putInWallet(conv.member._id, [coupon]);
    const stores = await listStores();
    const where = coupon.storeIds.length
      ? stores.filter((s) => coupon.storeIds.some((id: Types.ObjectId) => id.equals(s._id)))
      : stores;
    return [text(giftRedeemedReply(coupon.giftName ?? coupon.name, coupon._id, entry.no, where))];
  }
  return [text(couponClaimedReply(await claimCoupon(coupon, conv.member._id)))];
};

export const couponSn: MemberIntentSpec = {
  name: 'couponSn',
  pattern: looksLikeSn,
  handle: useCouponSn,
};
