// The daily coupon sweep: coupons past their end are marked expired, and members are reminded once, three
// days ahead, of coupons about to end. A coupon past its end is refused at use whatever its status says;
// the mark is for lists and reports.
import { now } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import { CouponEventModel, CouponModel, type Coupon } from '../models/coupon.js';
import type { NoticeService } from '../notifications/notice-service.js';

export const REMIND_DAYS = 3;

export interface ExpiryRun {
  expired: number;
  reminded: number;
}

export async function sweepCoupons(notices: NoticeService): Promise<ExpiryRun> {
  const at = now();
  const run: ExpiryRun = { expired: 0, reminded: 0 };
  // A daily scan of the active coupons; never on a chat path.
  const ended = await CouponModel.find({ status: 'active', expiresAt: { $lte: at } }, { _id: 1 }).lean<
    Coupon[]
  >();
  for (const { _id: sn } of ended) {
    // One already used (its use event exists) keeps its status, even if its status write is late.
    if (await CouponEventModel.exists({ _id: `${sn}:use` })) continue;
    await CouponModel.updateOne({ _id: sn }, { $set: { status: 'expired' } });
    run.expired++;
  }
  const soon = new Date(at.getTime() + REMIND_DAYS * 24 * 3600_000);
  const ending = await CouponModel.find({
    status: 'active',
    memberId: { $ne: null },
    expiresAt: { $gt: at, $lte: soon },
  }).lean<Coupon[]>();
  const byMember = new Map<string, Coupon[]>();
  for (const coupon of ending) {
    // Reminded once per coupon: the reminder is an event inserted once.
    if (
      !(await insertOnce(CouponEventModel, {
        _id: `${coupon._id}:remind`,
        sn: coupon._id,
        kind: 'remind',
        at,
      }))
    )
      continue;
    byMember.set(String(coupon.memberId), [...(byMember.get(String(coupon.memberId)) ?? []), coupon]);
  }
  for (const coupons of byMember.values()) {
    await notices.notifyMemberOf(coupons[0]!.memberId!, `coupons-ending:${coupons[0]!._id}`, {
      kind: 'couponsEnding',
      coupons,
    });
    run.reminded += coupons.length;
  }
  return run;
}
