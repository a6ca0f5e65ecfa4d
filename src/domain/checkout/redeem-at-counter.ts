// 核销 at the counter: a gift handed over or a coupon taken in. A coupon in a member's wallet is recorded
// in their ledger; an unowned SN (printed, shared) is recorded by its use event and the audit log; a gift
// the member already redeemed in chat is confirmed as picked up here, once, and this store may reverse it.
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import type { Coupon } from '../models/coupon.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import type { Level } from '../models/level.js';
import type { Member } from '../models/member.js';
import { AuditLogModel } from '../models/audit-log.js';
import { findCoupon, requireUsableAt, withCouponUse } from '../coupons/coupon-service.js';
import { recordGiftPickup, reserveCouponUse, settleCouponUse } from '../coupons/coupon-use.js';
import { findEntryByNumber } from '../ledger/ledger-service.js';
import { currentMember } from '../ledger/member-projection.js';
import { requireMember } from '../members/member-service.js';
import { levelById } from '../programme/programme-service.js';
import { storeName } from '../stores/store-service.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface RedeemInput extends CheckoutRequest {
  sn: string;
}

export type RedeemResult =
  | { kind: 'unowned'; coupon: Coupon }
  | ({ kind: 'used'; coupon: Coupon } & CheckoutResult)
  | { kind: 'pickup'; coupon: Coupon; entry: LedgerEntry; member: Member; level: Level | null };

export async function redeemAtCounter(deps: CheckoutDeps, input: RedeemInput): Promise<RedeemResult> {
  await countSnLookup(deps, input);
  const coupon = await findCoupon(input.sn);
  const pickup = await pickupOfChatRedemption(deps, coupon, input);
  if (pickup) return pickup;
  await requireUsableAt(coupon, input.storeId ?? null);
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
    return { kind: 'unowned', coupon };
  }
  const member = await requireMember(String(memberId));
  const result = await withCouponUse(coupon._id, memberId, input.requestKey, () =>
    deps.ledger.redeemGift({
      ...input,
      memberId,
      sn: coupon._id,
      giftName: coupon.giftName ?? coupon.name,
      kind: coupon.type === 'gift' ? 'gift_redeem' : 'coupon_use',
      coupon,
    }),
  );
  return { kind: 'used', coupon, ...result, ...(await settleEntry(deps, member, result.entry)) };
}

/** Counted before the lookup, so guessing SNs is slow whatever the guesses find. */
export async function countSnLookup(
  deps: Pick<CheckoutDeps, 'throttles'>,
  input: CheckoutRequest,
): Promise<void> {
  const who = input.staffId
    ? `staff:${String(input.staffId)}`
    : `actor:${input.actor.kind}:${input.actor.id ?? ''}`;
  if (!(await deps.throttles.staffSnLookup.allow(who))) {
    throw new DomainError('RATE_LIMITED', 'too many coupon lookups; wait a few minutes');
  }
}

/** A gift the member redeemed in chat (no store yet) is handed over here: recorded once, then refused. */
async function pickupOfChatRedemption(
  deps: CheckoutDeps,
  coupon: Coupon,
  input: RedeemInput,
): Promise<RedeemResult | null> {
  if (coupon.type !== 'gift' || coupon.status !== 'used' || !coupon.usedEntryNo) return null;
  const entry = await findEntryByNumber(coupon.usedEntryNo);
  if (!entry || entry.kind !== 'gift_redeem' || entry.storeId) return null;
  const { fresh, pickup } = await recordGiftPickup(coupon._id, entry.no, {
    storeId: input.storeId ?? null,
    ...(input.actor.name ? { staffName: input.actor.name } : {}),
    at: now(),
  });
  if (!fresh) {
    throw new DomainError('COUPON_USED', 'this gift has already been picked up', {
      pickedUpAt: pickup.at,
      storeName: await storeName(pickup.storeId),
    });
  }
  const member = (await currentMember(entry.memberId)) ?? (await requireMember(String(entry.memberId)));
  await deps.notices.notifyMemberOf(member._id, `pickup:${entry.no}`, {
    kind: 'giftPickedUp',
    giftName: coupon.giftName ?? coupon.name,
    storeName: await storeName(input.storeId),
  });
  return { kind: 'pickup', coupon, entry, member, level: await levelById(member.levelId) };
}
