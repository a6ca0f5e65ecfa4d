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

/** Takes the next free slot of a listing for a member; its number. */
async function claimSlot(listing: string, memberId: Types.ObjectId): Promise<number> {
  let n = hintFor(listing) ?? (await freeFrom(listing, 1));
  while (!(await insertOnce(ListingSlotModel, { _id: slotId(listing, n), memberId })))
    n = await freeFrom(listing, n + 1);
  remember(listing, n + 1);
  return n;
}

// A member's place is its slot, then its mark naming that slot: a mark is only ever written for a slot
// that is there, and a slot no mark names (a crash between the two, or a second enterer that lost the
// mark) is skipped when read. Mark first, as before, left a member a crash caught marked but never listed.

/** Enters a member in listings it is not in yet (at registration, a level or status change, a tag). */
export async function enterListings(memberId: Types.ObjectId, listings: string[]): Promise<void> {
  for (const listing of listings) {
    if (await ListingSlotModel.exists({ _id: markId(listing, memberId) })) continue;
    const slot = await claimSlot(listing, memberId);
    await insertOnce(ListingSlotModel, { _id: markId(listing, memberId), memberId, slot });
  }
}

/** Many members at once (an import, the start-up pass): per listing, consecutive slots in one insert. */
export async function enterListingsAll(
  entries: Array<{ memberId: Types.ObjectId; listings: string[] }>,
): Promise<void> {
  const slots: Array<{ _id: string; memberId: Types.ObjectId; listing: string; n: number }> = [];
  const byListing = new Map<string, Types.ObjectId[]>();
  for (const { memberId, listings } of entries)
    for (const listing of listings) byListing.set(listing, [...(byListing.get(listing) ?? []), memberId]);
  for (const [listing, members] of byListing) {
    const start = await freeFrom(listing, hintFor(listing) ?? 1); // the hint checked: a batch is worth it
    members.forEach((memberId, i) =>
      slots.push({ _id: slotId(listing, start + i), memberId, listing, n: start + i }),
    );
    remember(listing, start + members.length);
  }
  const clashed = await insertManyOnce(
    ListingSlotModel,
    slots.map(({ _id, memberId }) => ({ _id, memberId })),
  );
  for (const i of clashed) slots[i]!.n = await claimSlot(slots[i]!.listing, slots[i]!.memberId);
  // A mark already there is a member listed before (a run after a crash, a registration): its slot stands.
  await insertManyOnce(
    ListingSlotModel,
    slots.map(({ listing, memberId, n }) => ({ _id: markId(listing, memberId), memberId, slot: n })),
  );
}

/**
 * Slots after `after`, in order, `round` of them per query, until the listing ends. A slot its member's
 * mark does not name comes back with no member, so a page still moves past it.
 */
export async function* listingRounds(
  listing: string,
  after: number,
  round: number,
): AsyncGenerator<Array<{ n: number; memberId: Types.ObjectId | null }>> {
  const rounds = slotsAfter(
    (ids) => ListingSlotModel.find({ _id: { $in: ids } }).lean<ListingSlot[]>(),
    (n) => slotId(listing, n),
    (s) => Number(s._id.slice(s._id.lastIndexOf('#') + 1)),
    after,
    round,
  );
  for await (const slots of rounds) {
    const marks = await ListingSlotModel.find({
      _id: { $in: [...new Set(slots.map((s) => markId(listing, s.memberId!)))] },
    }).lean<ListingSlot[]>();
    const markOf = new Map(marks.map((m) => [String(m.memberId), m]));
    yield slots.map(({ n, memberId }) => {
      const mark = markOf.get(String(memberId));
      // Marks written before marks named their slot (no `slot`) vouch for any slot of their member.
      const named = mark !== undefined && (mark.slot === undefined || mark.slot === n);
      return { n, memberId: named ? memberId : null };
    });
  }
}
