// 核销 at the counter: a gift handed over or a coupon taken in. A coupon in a member's wallet is recorded
// in their ledger; an unowned SN (printed, shared) is recorded by its use event and the audit log.
import { now } from '../clock.js';
import type { Coupon } from '../models/coupon.js';
import { AuditLogModel } from '../models/audit-log.js';
import { findCoupon, withCouponUse } from '../coupons/coupon-service.js';
import { couponUsableAt } from '../coupons/coupon-rules.js';
import { reserveCouponUse, settleCouponUse } from '../coupons/coupon-use.js';
import { requireMember } from '../members/member-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface RedeemInput extends CheckoutRequest {
  sn: string;
}

export type RedeemResult = { coupon: Coupon } & (({ owned: true } & CheckoutResult) | { owned: false });

export async function redeemAtCounter(deps: CheckoutDeps, input: RedeemInput): Promise<RedeemResult> {
  const coupon = await findCoupon(input.sn);
  couponUsableAt(coupon, input.storeId ?? null, now());
  const memberId = coupon.memberId;
  if (!memberId) {
    await reserveCouponUse(coupon._id, null, input.requestKey);
    await settleCouponUse(coupon._id, null);
    await AuditLogModel.create({
      action: 'coupon.redeem',
      actor: input.actor,
      storeId: input.storeId ?? undefined,
      details: { sn: coupon._id },
      at: now(),
    });
    return { coupon, owned: false };
  }
  const member = await requireMember(String(memberId));
  const result = await withCouponUse(coupon._id, memberId, input.requestKey, () =>
    deps.ledger.redeemGift({
      ...input,
      memberId,
      sn: coupon._id,
      giftName: coupon.giftName ?? coupon.name,
      kind: coupon.type === 'gift' ? 'gift_redeem' : 'coupon_use',
    }),
  );
  return { coupon, owned: true, ...result, ...(await settleEntry(deps.notices, member, result.entry)) };
}
