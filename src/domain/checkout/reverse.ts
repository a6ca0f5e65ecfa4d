// 冲正: a manager undoes an entry of their own store with a new, opposite entry, at most once; the coupon
// the entry used is given back.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import { requireEntryNumbered } from '../ledger/ledger-service.js';
import { giftPickupOf, restoreCoupon } from '../coupons/coupon-use.js';
import { requireMember } from '../members/member-service.js';
import { requireRole, worksAt } from '../staff/operator.js';
import { settleEntry } from './after-commit.js';
import type { CheckoutDeps, CheckoutRequest, CheckoutResult } from './checkout-request.js';

export interface ReverseInput extends CheckoutRequest {
  entryNo: string;
  reason?: string;
  /** When the door names a member (HTTP), only that member's entries are found. */
  onlyMemberId?: Types.ObjectId;
}

export interface ReverseResult extends CheckoutResult {
  restoredCouponSn: string | null;
}

export async function reverse(deps: CheckoutDeps, input: ReverseInput): Promise<ReverseResult> {
  requireRole(input.operator, 'manager');
  const original = await requireEntryNumbered(input.entryNo);
  // Money paid through WeChat Pay goes back there (退款), never only off the card.
  if (original.kind === 'recharge' && original.channel === 'wechatpay') {
    throw new DomainError('PAID_ONLINE', 'an online recharge is refunded, not reversed');
  }
  if (input.onlyMemberId && !original.memberId.equals(input.onlyMemberId)) {
    throw new DomainError('ENTRY_NOT_FOUND', `no ledger entry ${original.no} for this member`);
  }
  // A gift a member redeemed in chat belongs to the store that handed it over.
  if (!worksAt(input.operator, original.storeId ?? (await pickupStoreOf(original)))) {
    throw new DomainError('ENTRY_OTHER_STORE', 'this entry belongs to another store');
  }
  const result = await deps.ledger.reverse(input, original);
  const sn = (original.details.couponSn ?? original.details.sn) as string | undefined;
  const restored = sn ? await restoreCoupon(sn, result.entry.no, original.requestKey) : false;
  // A replay answers as the first time did, when the coupon came back.
  const restoredCouponSn = sn && (restored || result.replayed) ? sn : null;
  const member = await requireMember(String(result.entry.memberId));
  return { ...result, restoredCouponSn, ...(await settleEntry(deps, member, result.entry)) };
}

async function pickupStoreOf(entry: LedgerEntry): Promise<Types.ObjectId | null> {
  if (entry.kind !== 'gift_redeem' || typeof entry.details.sn !== 'string') return null;
  return (await giftPickupOf(entry.details.sn, entry.no))?.storeId ?? null;
}
