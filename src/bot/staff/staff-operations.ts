// What each store command does, for a staff member known to work at the store.
import { DomainError } from '../../domain/errors.js';
import { businessDay, now } from '../../domain/clock.js';
import { requireMember } from '../../domain/members/member-service.js';
import { currentMember } from '../../domain/ledger/commit.js';
import type { LedgerService, OperationContext } from '../../domain/ledger/ledger-service.js';
import { levelById, upgradeLevelIfDue } from '../../domain/levels/level-service.js';
import {
  findCoupon,
  refuseIfOthers,
  refuseUnusable,
  walletOf,
  withCouponUse,
} from '../../domain/coupons/coupon-service.js';
import { reserveCouponUse, settleCouponUse } from '../../domain/coupons/coupon-use.js';
import type { Coupon } from '../../domain/models/coupon.js';
import { priceConsumption } from '../../domain/pricing.js';
import { dailyReport } from '../../domain/reports/daily-report.js';
import { requireStaffRole, type StaffAtStore } from '../../domain/staff/staff-access.js';
import { StaffModel } from '../../domain/models/staff.js';
import { AuditLogModel, type Actor } from '../../domain/models/audit-log.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import { formatYuan } from '../../domain/money.js';
import { text, type Reply } from '../types.js';
import { couponValue } from '../templates/member-replies.js';
import * as T from '../templates/staff-replies.js';
import type { StaffCommand } from './staff-command.js';

export interface StaffOperationDeps {
  ledger: LedgerService;
  notices: NoticeService;
}

export interface StaffRequest {
  at: StaffAtStore;
  /** Ledger context: the idempotency key is the command's own message id (also when confirmed later). */
  context: OperationContext;
  actor: Actor;
}

type Command<K extends StaffCommand['kind']> = Extract<StaffCommand, { kind: K }>;

function couponUsableHere(coupon: Coupon, at: StaffAtStore): void {
  if (coupon.status !== 'used') refuseUnusable(coupon);
  if (coupon.storeIds.length && !coupon.storeIds.some((s) => s.equals(at.store._id))) {
    throw new DomainError('COUPON_NOT_APPLICABLE', 'not valid at this store');
  }
}

export async function consume(
  deps: StaffOperationDeps,
  req: StaffRequest,
  c: Command<'consume'>,
): Promise<Reply[]> {
  const member = await requireMember(c.memberRef);
  const level = await levelById(member.levelId);
  const coupon = c.couponSn ? await findCoupon(c.couponSn) : null;
  if (coupon) {
    refuseIfOthers(coupon, member._id);
    couponUsableHere(coupon, req.at);
  }
  const price = priceConsumption({
    amountFen: c.amountFen,
    excludedFen: c.excludedFen,
    levelPercent: level?.discountPercent ?? 100,
    ...(coupon ? { coupon: { ...coupon, sn: coupon._id } } : {}),
  });
  if (price === 'BELOW_MIN_SPEND')
    return [text(`这张券要满 ¥${formatYuan(coupon!.minSpendFen)} 才能用，本单不够。`)];
  if (price === 'GIFT_NOT_FOR_CONSUMPTION') return [text('礼品券请用「核销 <券码>」兑换。')];
  if (price === 'EXCLUDED_OVER_AMOUNT') return [text('「不打折」的金额不能大于总金额。')];

  const operation = () =>
    deps.ledger.consume({
      ...req.context,
      memberId: member._id,
      amountFen: price.payableFen,
      paidOutside: c.paidOutside,
      breakdown: {
        originalFen: price.originalFen,
        excludedFen: c.excludedFen,
        levelDiscountFen: price.levelDiscountFen,
        couponDiscountFen: price.couponDiscountFen,
        ...(coupon ? { couponSn: coupon._id } : {}),
      },
    });
  const { entry } = coupon
    ? await withCouponUse(coupon._id, member._id, req.context.requestKey, operation)
    : await operation();
  const upgraded = await upgradeLevelIfDue(member._id, member.levelId, entry.spendAfterFen);
  await deps.notices.notifyMember(member._id, `entry:${entry.no}`, T.consumeNotice(entry, req.at.store));
  return [text(T.consumeReceipt(entry, member, level, upgraded))];
}

export async function recharge(
  deps: StaffOperationDeps,
  req: StaffRequest,
  c: Command<'recharge'>,
): Promise<Reply[]> {
  const member = await requireMember(c.memberRef);
  const { entry } = await deps.ledger.recharge({
    ...req.context,
    ...(c.note ? { note: c.note } : {}),
    memberId: member._id,
    amountFen: c.amountFen,
  });
  await deps.notices.notifyMember(member._id, `entry:${entry.no}`, T.rechargeNotice(entry, req.at.store));
  return [text(T.rechargeReceipt(entry, member, await levelById(member.levelId)))];
}

export async function adjustPoints(
  deps: StaffOperationDeps,
  req: StaffRequest,
  c: Command<'points'>,
): Promise<Reply[]> {
  requireStaffRole(req.at.staff, ['manager']);
  const member = await requireMember(c.memberRef);
  const { entry } = await deps.ledger.adjustPoints({
    ...req.context,
    memberId: member._id,
    points: c.points,
    ...(c.reason ? { reason: c.reason } : {}),
  });
  await deps.notices.notifyMember(member._id, `entry:${entry.no}`, T.pointsNotice(entry));
  return [text(T.pointsReceipt(entry, member, await levelById(member.levelId)))];
}

export async function reverse(
  deps: StaffOperationDeps,
  req: StaffRequest,
  c: Command<'reverse'>,
): Promise<Reply[]> {
  requireStaffRole(req.at.staff, ['manager']);
  const { entry, restoredCouponSn } = await deps.ledger.reverse({
    ...req.context,
    entryNo: c.entryNo,
    onlyStoreId: req.at.store._id,
    ...(c.reason ? { reason: c.reason } : {}),
  });
  const member = (await currentMember(entry.memberId))!;
  await deps.notices.notifyMember(member._id, `entry:${entry.no}`, T.reversalNotice(entry));
  return [text(T.reversalReceipt(entry, member, restoredCouponSn))];
}

export async function redeem(
  deps: StaffOperationDeps,
  req: StaffRequest,
  c: Command<'redeem'>,
): Promise<Reply[]> {
  const coupon = await findCoupon(c.sn);
  couponUsableHere(coupon, req.at);
  const value = couponValue(coupon);
  if (!coupon.memberId) {
    // A printed or shared SN nobody claimed: no member ledger to write, so the use event and the audit
    // log are its record.
    await reserveCouponUse(coupon._id, null, req.context.requestKey);
    await settleCouponUse(coupon._id, null);
    await AuditLogModel.create({
      action: 'coupon.redeem',
      actor: req.actor,
      storeId: req.at.store._id,
      details: { sn: coupon._id },
      at: now(),
    });
    return [text(T.redeemReceipt(coupon.name, value, null, null))];
  }
  const memberId = coupon.memberId;
  const { entry } = await withCouponUse(coupon._id, memberId, req.context.requestKey, () =>
    deps.ledger.redeemGift({
      ...req.context,
      memberId,
      sn: coupon._id,
      giftName: coupon.giftName ?? coupon.name,
      kind: coupon.type === 'gift' ? 'gift_redeem' : 'coupon_use',
    }),
  );
  const member = await currentMember(memberId);
  await deps.notices.notifyMember(
    memberId,
    `entry:${entry.no}`,
    `【用券提醒】${coupon.name}（${value}）已在${req.at.store.name}核销。流水号 ${entry.no}`,
  );
  return [text(T.redeemReceipt(coupon.name, value, member, entry.no))];
}

export async function lookup(req: StaffRequest, c: Command<'lookup'>): Promise<Reply[]> {
  const member = await requireMember(c.memberRef);
  await AuditLogModel.create({
    action: 'member.lookup',
    actor: req.actor,
    memberId: member._id,
    storeId: req.at.store._id,
    at: now(),
  });
  const current = (await currentMember(member._id)) ?? member;
  return [
    text(T.lookupReply(current, await levelById(current.levelId), (await walletOf(member._id)).length)),
  ];
}

export async function report(req: StaffRequest, c: Command<'report'>): Promise<Reply[]> {
  const day = c.day ?? businessDay(now());
  const r = await dailyReport(req.at.store._id, day);
  const staff = await StaffModel.find({
    _id: { $in: r.byStaff.map((s) => s.staffId).filter(Boolean) },
  }).lean();
  return [text(T.reportReply(req.at.store, r, new Map(staff.map((s) => [String(s._id), s.name]))))];
}
