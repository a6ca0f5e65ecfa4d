// A member's tags, one document per member and source: "manual:<memberId>" (managers) and "auto:<memberId>"
// (the nightly job). Kept off the member document so a tag change and the ledger's projection of the card
// never write the same document, and the job never overwrites what a manager set.
import { Schema, model, type Types } from 'mongoose';

export const TAG_SOURCES = ['manual', 'auto'] as const;
export type TagSource = (typeof TAG_SOURCES)[number];

export interface MemberTags {
  _id: string;
  memberId: Types.ObjectId;
  source: TagSource;
  tags: string[];
  updatedAt: Date;
}

const memberTagsSchema = new Schema<MemberTags>(
  {
    _id: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: TAG_SOURCES, required: true },
    tags: { type: [String], default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
memberTagsSchema.index({ tags: 1 }); // members holding a tag (multikey)
memberTagsSchema.index({ source: 1 }); // the auto-tag job's last run

export const MemberTagsModel = model<MemberTags>('MemberTags', memberTagsSchema, 'membertags');

export const tagsId = (source: TagSource, memberId: Types.ObjectId | string) =>
  `${source}:${String(memberId)}`;
