// The member directory: slot n (1, 2, 3…, as a string _id) names the n-th member registered. FerretDB
// answers only _id lookups without reading the whole collection, so a page of the member list is a run of
// slot lookups and member lookups, as fast at a million members as at ten. A slot is claimed by inserting it.
import { Schema, model, type Types } from 'mongoose';

export interface DirectorySlot {
  _id: string;
  memberId: Types.ObjectId;
}

export const DirectorySlotModel = model<DirectorySlot>(
  'DirectorySlot',
  new Schema<DirectorySlot>(
    { _id: { type: String, required: true }, memberId: { type: Schema.Types.ObjectId, required: true } },
    { versionKey: false },
  ),
  'memberdirectory',
);
