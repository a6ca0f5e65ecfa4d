// Members from before the listings existed get theirs: one pass over the members and their tags, once per
// database, off start-up. A member entered meanwhile (a registration, a tag) keeps its own slot.
import type { Types } from 'mongoose';
import { insertOnce } from '../insert-once.js';
import { ListingSlotModel } from '../models/listing-slot.js';
import { MemberModel, type Member } from '../models/member.js';
import { MemberTagsModel, type MemberTags } from '../models/member-tags.js';
import { offThePath } from '../off-the-path.js';
import { enterListingsAll, levelListing, statusListing, storeListing, tagListing } from './listings.js';

const BACKFILLED = 'listings:backfilled';
const BATCH = 1000;

export function backfillListings(): Promise<void> {
  return offThePath('listings backfill', async () => {
    if (await ListingSlotModel.exists({ _id: BACKFILLED })) return;
    const tags = new Map<string, string[]>();
    for await (const doc of MemberTagsModel.find({}, { memberId: 1, tags: 1 }).lean<MemberTags>().cursor()) {
      const t = doc as MemberTags;
      tags.set(String(t.memberId), [...(tags.get(String(t.memberId)) ?? []), ...t.tags]);
    }
    const batch: Array<{ memberId: Types.ObjectId; listings: string[] }> = [];
    const members = MemberModel.find({}, { levelId: 1, registeredStoreId: 1, status: 1 })
      .lean<Member>()
      .cursor();
    for await (const doc of members) {
      const m = doc as Member;
      batch.push({
        memberId: m._id as Types.ObjectId,
        listings: [
          ...(m.levelId ? [levelListing(m.levelId)] : []),
          ...(m.registeredStoreId ? [storeListing(m.registeredStoreId)] : []),
          ...(m.status !== 'active' ? [statusListing(m.status)] : []),
          ...[...new Set(tags.get(String(m._id)) ?? [])].map(tagListing),
        ],
      });
      if (batch.length === BATCH) await enterListingsAll(batch.splice(0));
    }
    await enterListingsAll(batch);
    await insertOnce(ListingSlotModel, { _id: BACKFILLED, memberId: null });
  });
}
