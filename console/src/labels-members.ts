// Names the member pages show for the API's codes (besides labels.ts): gender, coupon kinds and states.
export const GENDER_NAMES: Record<string, string> = { male: '男', female: '女' };

export const COUPON_TYPE_NAMES: Record<string, string> = {
  cash: '代金券',
  discount: '折扣券',
  gift: '礼品券',
};

/** A level's discount as a shop says it: 88 → 8.8折, 100 → 无折扣. */
export function discountText(percent: number): string {
  if (percent >= 100) return '无折扣';
  return `${percent % 10 === 0 ? percent / 10 : (percent / 10).toFixed(1)}折`;
}
