// Coupon performance: per template, how many coupons were issued, used and expired, and the redemption
// rate, from the coupons themselves (grouped sums, one per figure: FerretDB computes one per $group).
import { CouponModel, CouponTemplateModel, type CouponTemplate } from '../models/coupon.js';
import { groupSums } from '../group-sums.js';

export interface CouponPerformance {
  templateId: string;
  name: string;
  type: CouponTemplate['type'];
  issued: number;
  used: number;
  expired: number;
  /** used / issued, in percent with one decimal; 0 when none were issued. */
  redemptionPercent: number;
}

export async function couponPerformance(): Promise<CouponPerformance[]> {
  const templates = await CouponTemplateModel.find().lean<CouponTemplate[]>();
  const [issued, used, expired] = await Promise.all(
    [{}, { status: 'used' }, { status: 'expired' }].map(async (match) => {
      const rows = await groupSums(CouponModel, match, '$templateId', { n: 1 });
      return new Map(rows.map((r) => [String(r._id), r.n]));
    }),
  );
  return templates.map((t) => {
    const id = String(t._id);
    const i = issued!.get(id) ?? 0;
    const u = used!.get(id) ?? 0;
    return {
      templateId: id,
      name: t.name,
      type: t.type,
      issued: i,
      used: u,
      expired: expired!.get(id) ?? 0,
      redemptionPercent: i ? Math.round((u / i) * 1000) / 10 : 0,
    };
  });
}
