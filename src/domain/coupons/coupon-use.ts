// Using a coupon together with a ledger entry, without transactions (DESIGN §4.5): the use is reserved
// by inserting "<sn>:use" keyed by the entry's idempotency key, released if the entry is refused, and
// settled (status "used") once it is committed. A reversal restores the coupon.
import type { Types } from 'mongoose';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { CouponEventModel, CouponModel } from '../models/coupon.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import { insertOnce } from '../insert-once.js';

const useId = (sn: string) => `${sn}:use`;

/** Reserves the coupon for this ledger key; the same key again (a retry) is fine, another is refused. */
export async function reserveCouponUse(sn: string, memberId: Types.ObjectId | null, ledgerKey: string) {
  const reserved = await insertOnce(CouponEventModel, {
    _id: useId(sn),
    sn,
    kind: 'use',
    memberId,
    ledgerKey,
    at: now(),
  });
  if (!reserved) {
    const existing = await CouponEventModel.findById(useId(sn)).lean();
    if (existing?.ledgerKey !== ledgerKey)
      throw new DomainError('COUPON_USED', 'this coupon has already been used');
  }
}

/** Gives the coupon back from the use made under this ledger key (and no other); true if it did. */
export async function releaseCouponUse(sn: string, ledgerKey: string): Promise<boolean> {
  const existing = await CouponEventModel.findById(useId(sn)).lean();
  if (existing?.ledgerKey !== ledgerKey) return false;
  await CouponEventModel.deleteOne({ _id: useId(sn) });
  return true;
}

export async function settleCouponUse(sn: string, entry: Pick<LedgerEntry, 'at' | 'no' | 'memberId'> | null) {
  await CouponModel.updateOne(
    { _id: sn },
    {
      $set: {
        status: 'used',
        usedAt: entry?.at ?? now(),
        usedEntryNo: entry?.no ?? null,
        ...(entry ? { memberId: entry.memberId } : {}),
      },
    },
  );
}

/**
 * After a reversal of the entry that used it (under `usedUnderKey`), the coupon can be used again.
 * Only that use is undone, so repeating this, or running it after the coupon was used anew, is harmless.
 */
export async function restoreCoupon(sn: string, reversalNo: string, usedUnderKey: string): Promise<boolean> {
  await insertOnce(CouponEventModel, { _id: `${sn}:restore:${reversalNo}`, sn, kind: 'void', at: now() });
  if (!(await releaseCouponUse(sn, usedUnderKey))) return false;
  await CouponModel.updateOne({ _id: sn }, { $set: { status: 'active', usedAt: null, usedEntryNo: null } });
  return true;
}

export async function isCouponUseReserved(sn: string): Promise<boolean> {
  return (await CouponEventModel.exists({ _id: useId(sn) })) !== null;
}

export interface GiftPickup {
  storeId: Types.ObjectId | null;
  staffName?: string;
  at: Date;
}

const pickupId = (sn: string, entryNo: string) => `${sn}:pickup:${entryNo}`;

/**
 * Records that the gift a member redeemed in chat (entry `entryNo`) was handed over at a store: once,
 * by inserting "<sn>:pickup:<entryNo>". Returns the first pickup when it was already recorded.
 */
export async function recordGiftPickup(
  sn: string,
  entryNo: string,
  pickup: GiftPickup,
): Promise<{ fresh: boolean; pickup: GiftPickup }> {
  const doc = { _id: pickupId(sn, entryNo), sn, kind: 'pickup', ...pickup };
  if (await insertOnce(CouponEventModel, doc)) return { fresh: true, pickup };
  return { fresh: false, pickup: (await giftPickupOf(sn, entryNo))! };
}

export async function giftPickupOf(sn: string, entryNo: string): Promise<GiftPickup | null> {
  const event = await CouponEventModel.findById(pickupId(sn, entryNo)).lean<GiftPickup & { _id: string }>();
  return event
    ? {
        storeId: event.storeId ?? null,
        ...(event.staffName ? { staffName: event.staffName } : {}),
        at: event.at,
      }
    : null;
}
