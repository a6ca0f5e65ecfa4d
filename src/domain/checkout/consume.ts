// 消费: a purchase priced by the member's level and one coupon, paid from stored value or outside, earning
// points by the programme's rules.
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { checkAmountFen, type AmountFen } from '../money.js';
import { requireMember } from '../members/member-service.js';
import { findCoupon, refuseIfOthers, requireUsableAt, withCouponUse } from '../coupons/coupon-service.js';
import { priceConsumption } from '../pricing.js';
import { currentProgramme } from '../programme/programme-service.js';
import { levelHeld, pointsForPurchase, pointsPayment } from '../programme/programme-rules.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface ConsumeInput extends CheckoutRequest {
  /** Phone, card number or member id. */
  memberRef: string;
  /** The bill before any discount. */
  amountFen: AmountFen;
  /** Part of the bill that takes no discount but still earns points. */
  excludedFen?: AmountFen;
  couponSn?: string;
  /** Paid in cash or by card at the till: points and spend, the balance is untouched. */
  paidOutside?: boolean;
  /** Points that pay part of the bill (积分抵扣), within the programme's share; they earn no points. */
  pointsToUse?: number;
}

export async function consume(deps: CheckoutDeps, input: ConsumeInput): Promise<CheckoutResult> {
  const amountFen = checkAmountFen(input.amountFen, deps.maxAmountFen);
  const excludedFen = input.excludedFen ?? 0;
  if (!Number.isSafeInteger(excludedFen) || excludedFen < 0) {
    throw new DomainError('INVALID_AMOUNT', 'the amount without discount must be whole fen, 0 or more');
  }
  const member = await requireMember(input.memberRef, input.requestKey);
  const { levels, rules } = await currentProgramme();
  const level = levelHeld(levels, member.levelId);
  const coupon = input.couponSn ? await findCoupon(input.couponSn) : null;
  if (coupon) {
    refuseIfOthers(coupon, member._id);
    await requireUsableAt(coupon, input.storeId ?? null);
  }
  const terms = { amountFen, excludedFen, levelPercent: level?.discountPercent ?? 100 };
  const price = priceConsumption({ ...terms, ...(coupon ? { coupon: { ...coupon, sn: coupon._id } } : {}) });
  if (price === 'EXCLUDED_OVER_AMOUNT') {
    throw new DomainError('EXCLUDED_OVER_AMOUNT', 'the part without discount is more than the bill');
  }
  if (price === 'GIFT_NOT_FOR_CONSUMPTION') {
    throw new DomainError('COUPON_IS_GIFT', 'a gift coupon is redeemed, not used to pay');
  }
  if (price === 'BELOW_MIN_SPEND') {
    // The threshold is measured on what would be paid after the level discount, before the coupon.
    const measured = priceConsumption(terms);
    throw new DomainError('COUPON_BELOW_MIN_SPEND', 'the bill does not reach the coupon’s minimum', {
      minSpendFen: coupon!.minSpendFen,
      measuredFen: typeof measured === 'string' ? 0 : measured.payableFen,
    });
  }
  const pointsToUse = input.pointsToUse ?? 0;
  if (!Number.isSafeInteger(pointsToUse) || pointsToUse < 0) {
    throw new DomainError('VALIDATION_FAILED', 'points to use must be a whole number, 0 or more');
  }
  const byPoints = pointsToUse ? pointsPayment(pointsToUse, price.payableFen, rules) : { valueFen: 0 };
  if ('refusal' in byPoints) {
    const { refusal, ...details } = byPoints;
    throw new DomainError(refusal, 'these points cannot pay this bill', { ...details, pointsToUse });
  }
  // Money pays what points do not; only money earns points.
  const moneyFen = price.payableFen - byPoints.valueFen;
  const earned = pointsForPurchase(
    { paidFen: moneyFen, at: now(), birthday: member.birthday, levelCode: level?.code },
    rules,
  );
  const paidOutside = input.paidOutside === true;
  const operation = () =>
    deps.ledger.consume({
      ...input,
      memberId: member._id,
      seen: member,
      amountFen: moneyFen,
      paidOutside,
      pointsEarned: earned.points,
      pointsUsed: pointsToUse,
      requestParts: [amountFen, excludedFen, coupon?._id ?? null, paidOutside, pointsToUse],
      breakdown: {
        originalFen: price.originalFen,
        excludedFen,
        levelDiscountFen: price.levelDiscountFen,
        couponDiscountFen: price.couponDiscountFen,
        ...(pointsToUse ? { pointsUsed: pointsToUse, pointsValueFen: byPoints.valueFen } : {}),
        ...(coupon ? { couponSn: coupon._id, couponName: coupon.name } : {}),
        ...(earned.multiplier > 1
          ? {
              basePoints: earned.basePoints,
              pointsMultiplier: earned.multiplier,
              pointsReason: earned.reason,
            }
          : {}),
      },
    });
  const result = coupon
    ? await withCouponUse(coupon._id, member._id, input.requestKey, operation)
    : await operation();
  return { ...result, ...(await settleEntry(deps, member, result.entry)) };
}
