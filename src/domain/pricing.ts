// What a member pays: the level discount on the discountable part, then one coupon. Pure, in fen.
import type { AmountFen } from './money.js';

export interface CouponTerms {
  sn: string;
  type: 'discount' | 'cash' | 'gift';
  valueFen: number;
  discountPercent: number;
  minSpendFen: number;
}

export interface PriceInput {
  amountFen: AmountFen;
  /** Part of the amount that takes no discount (but still earns points). */
  excludedFen: AmountFen;
  /** The member's level: 88 = 8.8折. */
  levelPercent: number;
  coupon?: CouponTerms;
}

export interface Price {
  originalFen: AmountFen;
  levelDiscountFen: AmountFen;
  couponDiscountFen: AmountFen;
  payableFen: AmountFen;
}

export type PriceRefusal = 'EXCLUDED_OVER_AMOUNT' | 'BELOW_MIN_SPEND' | 'GIFT_NOT_FOR_CONSUMPTION';

/** Rounds half up to the fen, the way a till does. */
function percentOf(fen: AmountFen, percent: number): AmountFen {
  return Math.floor((fen * percent + 50) / 100);
}

export function priceConsumption(input: PriceInput): Price | PriceRefusal {
  const { amountFen, excludedFen, levelPercent, coupon } = input;
  if (excludedFen > amountFen) return 'EXCLUDED_OVER_AMOUNT';
  const discountable = amountFen - excludedFen;
  const afterLevel = percentOf(discountable, levelPercent);
  const levelDiscountFen = discountable - afterLevel;
  const beforeCoupon = afterLevel + excludedFen;

  let couponDiscountFen = 0;
  if (coupon) {
    if (coupon.type === 'gift') return 'GIFT_NOT_FOR_CONSUMPTION';
    // The threshold (满 X 可用) is checked on what would be paid before the coupon.
    if (beforeCoupon < coupon.minSpendFen) return 'BELOW_MIN_SPEND';
    couponDiscountFen =
      coupon.type === 'cash'
        ? Math.min(coupon.valueFen, beforeCoupon)
        : afterLevel - percentOf(afterLevel, coupon.discountPercent);
  }
  return {
    originalFen: amountFen,
    levelDiscountFen,
    couponDiscountFen,
    payableFen: beforeCoupon - couponDiscountFen,
  };
}
