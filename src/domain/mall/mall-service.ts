// The points mall (积分商城): a member exchanges points for an item, which issues one coupon of the item's
// template (a gift to pick up at a store with its code, or a cash or discount coupon). Stock and the
// per-member limit are held by inserting numbered slots, the points by the ledger: an item with stock 1
// raced by many members goes to one, and a member short of points takes no stock.
import type { Types } from 'mongoose';
import { DomainError, isDomainError } from '../errors.js';
import { now } from '../clock.js';
import { insertOnce, isDuplicateKey } from '../insert-once.js';
import { firstFreeSlot } from '../dense-slots.js';
import { MallItemModel, MallSlotModel, type MallItem } from '../models/mall.js';
import type { Coupon } from '../models/coupon.js';
import type { LedgerEntry } from '../models/ledger-entry.js';
import { committedEntryFor, type OperationContext } from '../ledger/ledger-service.js';
import type { Checkout } from '../checkout/checkout.js';
import {
  issueReservedCoupon,
  releaseReservedCoupon,
  requireTemplate,
  reserveCoupon,
} from '../coupons/coupon-service.js';
import type { CommitResult } from '../ledger/commit.js';

export interface NewMallItem {
  code: string;
  name: string;
  templateId: Types.ObjectId;
  pointsPrice: number;
  stock: number;
  perMemberLimit?: number;
  startsAt?: Date;
  endsAt?: Date;
}

export async function createMallItem(input: NewMallItem): Promise<MallItem> {
  await requireTemplate(input.templateId);
  if (input.startsAt && input.endsAt && input.endsAt <= input.startsAt) {
    throw new DomainError('VALIDATION_FAILED', 'endsAt must come after startsAt');
  }
  const { code, ...rest } = input;
  const item: MallItem = { _id: code, ...rest, createdAt: now() };
  try {
    await MallItemModel.collection.insertOne(item as never);
  } catch (err) {
    if (isDuplicateKey(err)) throw new DomainError('MALL_ITEM_EXISTS', `mall item ${code} exists`);
    throw err;
  }
  return item;
}

/** An item with what is left of its stock. */
export type MallItemOnSale = MallItem & { stockLeft: number };

/** Items open for exchange now, cheapest first, each with the stock left. */
export async function openMallItems(): Promise<MallItemOnSale[]> {
  const at = now();
  const items = (await MallItemModel.find().lean<MallItem[]>())
    .filter((i) => (!i.startsAt || i.startsAt <= at) && (!i.endsAt || i.endsAt > at))
    .sort((a, b) => a.pointsPrice - b.pointsPrice || a._id.localeCompare(b._id, 'en', { numeric: true }));
  return Promise.all(items.map(async (item) => ({ ...item, stockLeft: await stockLeft(item) })));
}

/**
 * Units not yet exchanged. Stock slots are claimed from 1 upwards, so the first free one tells how many
 * went (a slot given back by a refused exchange is refilled by the next one).
 */
async function stockLeft(item: MallItem): Promise<number> {
  const taken = async (n: number) =>
    n <= item.stock && (await MallSlotModel.exists({ _id: stockSlot(item._id, n) })) !== null;
  return Math.max(0, item.stock - ((await firstFreeSlot(taken)) - 1));
}

export interface Exchange {
  item: MallItem;
  entry: LedgerEntry;
  coupon: Coupon;
  replayed: boolean;
}

/** A request slot this old without its points taken belongs to a handler that died. */
const ABANDONED_MS = 30_000;

const stockSlot = (code: string, n: number) => `${code}:s:${n}`;
const memberSlot = (code: string, memberId: Types.ObjectId, k: number) =>
  `${code}:m:${String(memberId)}:${k}`;
const requestSlot = (requestKey: string) => `req:${requestKey}`;

/**
 * Exchanges points for one unit of an item, all or nothing, once per request key. Order: the request's
 * slot (a repeat goes straight to finishing), the member's slot, a stock slot, the coupon reserved (its
 * template's quota and limit), the points (ledger), the coupon issued. A refusal at any step gives back
 * every slot and reservation it took, so no points are taken unless the coupon can be issued; a crash
 * between a slot and the points can only leave a unit unsold, never sell one twice.
 */
export async function exchangePoints(
  checkout: Checkout,
  input: OperationContext & { memberId: Types.ObjectId; code: string },
): Promise<Exchange> {
  const item = await MallItemModel.findById(input.code).lean<MallItem>();
  if (!item) throw new DomainError('MALL_ITEM_NOT_FOUND', `no mall item ${input.code}`);
  const slot = { itemCode: item._id, requestKey: input.requestKey, at: now() };
  if (!(await insertOnce(MallSlotModel, { _id: requestSlot(input.requestKey), ...slot }))) {
    // Asked before. Finish it only if its points were taken; one still under way is not overtaken, and
    // one abandoned before its points (a crash) is started again.
    if (await committedEntryFor(input.requestKey)) return finish(checkout, item, input, true);
    const first = await MallSlotModel.findById(requestSlot(input.requestKey)).lean();
    if (first && now().getTime() - first.at.getTime() < ABANDONED_MS) {
      throw new DomainError('CONCURRENT_UPDATE', 'this exchange is still being handled');
    }
    await MallSlotModel.deleteOne({ _id: requestSlot(input.requestKey) });
    return exchangePoints(checkout, input);
  }

  const held: string[] = [requestSlot(input.requestKey)];
  const giveBack = async () => {
    for (const _id of held) await MallSlotModel.deleteOne({ _id }).catch(() => undefined);
  };
  try {
    const at = now();
    if ((item.startsAt && item.startsAt > at) || (item.endsAt && item.endsAt <= at)) {
      throw new DomainError('MALL_ITEM_CLOSED', 'this item is not open for exchange', {
        startsAt: item.startsAt,
        endsAt: item.endsAt,
      });
    }
    if (item.perMemberLimit)
      held.push(
        await claimFirstFree(
          item,
          (k) => memberSlot(item._id, input.memberId, k),
          item.perMemberLimit,
          'MALL_MEMBER_LIMIT',
        ),
      );
    held.push(await claimFirstFree(item, (n) => stockSlot(item._id, n), item.stock, 'MALL_SOLD_OUT'));
    return await finish(checkout, item, input, false);
  } catch (err) {
    // Refused before the points were taken: nothing of this request stays held.
    if (isDomainError(err)) await giveBack();
    throw err;
  }
}

async function claimFirstFree(
  item: MallItem,
  slotId: (n: number) => string,
  count: number,
  refusal: 'MALL_SOLD_OUT' | 'MALL_MEMBER_LIMIT',
): Promise<string> {
  for (let n = 1; n <= count; n++) {
    const id = slotId(n);
    if (await insertOnce(MallSlotModel, { _id: id, itemCode: item._id, requestKey: id, at: now() }))
      return id;
  }
  throw new DomainError(refusal, refusal === 'MALL_SOLD_OUT' ? 'sold out' : 'member limit reached', {
    perMemberLimit: item.perMemberLimit,
  });
}

/** The coupon reserved, then the points, then the coupon issued; a refused payment frees the coupon. */
async function finish(
  checkout: Checkout,
  item: MallItem,
  input: OperationContext & { memberId: Types.ObjectId },
  repeated: boolean,
): Promise<Exchange> {
  const template = await requireTemplate(item.templateId);
  const couponKey = `mall:${input.requestKey}:0`;
  const reserved = await reserveCoupon(template, input.memberId, couponKey);
  let paid: CommitResult;
  try {
    paid = await checkout.payWithPoints({
      ...input,
      points: item.pointsPrice,
      itemCode: item._id,
      itemName: item.name,
    });
  } catch (err) {
    if (isDomainError(err)) await releaseReservedCoupon(template, reserved);
    throw err;
  }
  const coupon = await issueReservedCoupon(template, input.memberId, reserved);
  return { item, entry: paid.entry, coupon, replayed: paid.replayed || repeated };
}
