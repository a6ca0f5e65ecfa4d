// Listings: the members entered under one value the member list filters by — a level, a store, a status
// other than active, a tag — in the order they were entered. "<listing>#<n>" names the n-th member (dense
// slots from 1, claimed by insert); "<listing>@<memberId>" marks that the member has its slot and names it
// (`slot`), so a member who comes back (to a level, a tag given again) keeps its first one. A slot is
// never removed: a member who left, or a slot no mark names, is skipped when read. FerretDB reads these by
// _id through the index, at any size.
import { Schema, model, type Types } from 'mongoose';

export interface ListingSlot {
  _id: string;
  memberId: Types.ObjectId;
  /** On a mark: the number of the member's slot (absent on marks written before marks named it). */
  slot?: number;
}

export const ListingSlotModel = model<ListingSlot>(
  'ListingSlot',
  new Schema<ListingSlot>(
    {
      _id: { type: String, required: true },
      memberId: { type: Schema.Types.ObjectId, required: true },
      slot: Number,
    },
    { versionKey: false },
  ),
  'listings',
);
