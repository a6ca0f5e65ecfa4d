// Entering members in listings (see models/listing-slot.ts) and reading a listing back in order, a round
// of slots per query ($in on _id).
import type { Types } from 'mongoose';
import { firstFreeSlot, slotsAfter } from '../dense-slots.js';
import { insertManyOnce, insertOnce } from '../insert-once.js';
import { ListingSlotModel, type ListingSlot } from '../models/listing-slot.js';

export const levelListing = (levelId: Types.ObjectId | string) => `level:${String(levelId)}`;
export const storeListing = (storeId: Types.ObjectId | string) => `store:${String(storeId)}`;
export const statusListing = (status: string) => `status:${status}`;
export const tagListing = (tag: string) => `tag:${tag}`;

const slotId = (listing: string, n: number) => `${listing}#${n}`;
const markId = (listing: string, memberId: Types.ObjectId) => `${listing}@${String(memberId)}`;

/**
 * The next free slot of each listing (per database) as far as this process has seen: slots are never
 * removed, so a hint is only ever too low (another process took some), and the search goes up from it.
 */
const hints = new Map<string, number>();
const HINTS_KEPT = 50_000;
const hintKey = (listing: string) => `${ListingSlotModel.db.name}:${listing}`;
const hintFor = (listing: string) => hints.get(hintKey(listing));

function remember(listing: string, next: number): void {
  if (hints.size >= HINTS_KEPT) hints.clear();
  hints.set(hintKey(listing), next);
}

const freeFrom = (listing: string, from: number) =>
  firstFreeSlot(async (n) => (await ListingSlotModel.exists({ _id: slotId(listing, n) })) !== null, from);

async function claimSlot(listing: string, memberId: Types.ObjectId): Promise<void> {
  let n = hintFor(listing) ?? (await freeFrom(listing, 1));
  while (!(await insertOnce(ListingSlotModel, { _id: slotId(listing, n), memberId })))
    n = await freeFrom(listing, n + 1);
  remember(listing, n + 1);
}

/** Enters a member in listings it is not in yet (at registration, a level or status change, a tag). */
export async function enterListings(memberId: Types.ObjectId, listings: string[]): Promise<void> {
  for (const listing of listings) {
    if (await insertOnce(ListingSlotModel, { _id: markId(listing, memberId), memberId }))
      await claimSlot(listing, memberId);
  }
}

/** Many members at once (an import, the start-up pass): per listing, consecutive slots in one insert. */
export async function enterListingsAll(
  entries: Array<{ memberId: Types.ObjectId; listings: string[] }>,
): Promise<void> {
  const marks = entries.flatMap(({ memberId, listings }) =>
    listings.map((listing) => ({ listing, memberId })),
  );
  const already = await insertManyOnce(
    ListingSlotModel,
    marks.map(({ listing, memberId }) => ({ _id: markId(listing, memberId), memberId })),
  );
  const byListing = new Map<string, Types.ObjectId[]>();
  marks.forEach(({ listing, memberId }, i) => {
    if (!already.has(i)) byListing.set(listing, [...(byListing.get(listing) ?? []), memberId]);
  });
  const slots: Array<{ _id: string; memberId: Types.ObjectId; listing: string }> = [];
  for (const [listing, members] of byListing) {
    const start = await freeFrom(listing, hintFor(listing) ?? 1); // the hint checked: a batch is worth it
    members.forEach((memberId, i) => slots.push({ _id: slotId(listing, start + i), memberId, listing }));
    remember(listing, start + members.length);
  }
  const clashed = await insertManyOnce(
    ListingSlotModel,
    slots.map(({ _id, memberId }) => ({ _id, memberId })),
  );
  for (const i of clashed) await claimSlot(slots[i]!.listing, slots[i]!.memberId);
}

/** Slots after `after`, in order, `round` of them per query, until the listing ends. */
export function listingRounds(listing: string, after: number, round: number) {
  return slotsAfter(
    (ids) => ListingSlotModel.find({ _id: { $in: ids } }).lean<ListingSlot[]>(),
    (n) => slotId(listing, n),
    (s) => Number(s._id.slice(s._id.lastIndexOf('#') + 1)),
    after,
    round,
  );
}
