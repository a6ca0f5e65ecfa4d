// The coupons a member holds (我的券): one inserted slot per coupon (models/wallet-slot.ts), read back by
// lookups by _id only. Wallets written before the slots (one array per member) are still read.
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { insertOnce } from '../insert-once.js';
import { firstFreeSlot, slotRounds } from '../dense-slots.js';
import { CouponModel, CouponWalletModel, type Coupon } from '../models/coupon.js';
import { WalletSlotModel, walletSlotId } from '../models/wallet-slot.js';
import { giftPickupOf } from './coupon-use.js';

/** Where this process last put a coupon for a member: the next search starts there. */
const hints = new Map<string, number>();
const HINTS_KEPT = 10_000;

const slotTaken = (memberId: Types.ObjectId) => async (n: number) =>
  (await WalletSlotModel.exists({ _id: walletSlotId(memberId, n) })) !== null;

export async function putInWallet(memberId: Types.ObjectId, coupons: Pick<Coupon, '_id'>[]): Promise<void> {
  const taken = slotTaken(memberId);
  let n = await firstFreeSlot(taken, hints.get(String(memberId)) ?? 1);
  for (const coupon of coupons) {
    // A slot taken meanwhile (another process, another coupon) only moves this one up.
    while (
      !(await insertOnce(WalletSlotModel, {
        _id: walletSlotId(memberId, n),
        memberId,
        sn: coupon._id,
        at: now(),
      }))
    )
      n++;
    n++;
  }
  if (hints.size >= HINTS_KEPT) hints.clear();
  hints.set(String(memberId), n);
}

/** Every SN ever put in the member's wallet, oldest first, each once. */
export async function walletSns(memberId: Types.ObjectId): Promise<string[]> {
  const legacy = CouponWalletModel.findById(memberId).lean();
  const sns: string[] = [];
  for await (const slots of slotRounds((n) => WalletSlotModel.findById(walletSlotId(memberId, n)).lean()))
    sns.push(...slots.map((slot) => slot.sn));
  return [...new Set([...((await legacy)?.sns ?? []), ...sns])];
}

export interface Wallet {
  /** Usable coupons, soonest to expire first. */
  usable: Coupon[];
  /** Gifts the member redeemed in chat and has yet to pick up at a store with the code. */
  toPickUp: Coupon[];
}

export async function walletOf(memberId: Types.ObjectId): Promise<Wallet> {
  const sns = await walletSns(memberId);
  const coupons = (await Promise.all(sns.map((sn) => CouponModel.findById(sn).lean<Coupon>()))).filter(
    (c): c is Coupon => c !== null,
  );
  const at = now();
  const usable = coupons
    .filter((c) => c.status === 'active' && c.expiresAt > at)
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  const redeemed = coupons.filter((c) => c.type === 'gift' && c.status === 'used' && c.usedEntryNo);
  const pickedUp = await Promise.all(redeemed.map((c) => giftPickupOf(c._id, c.usedEntryNo!)));
  return { usable, toPickUp: redeemed.filter((_, i) => !pickedUp[i]) };
}
