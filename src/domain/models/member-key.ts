// Unique handles of a member — "phone:<phone>", "card:<cardNumber>" — each its own document, so that
// claiming one is an atomic insert and finding a member by it is a lookup by _id.
import { Schema, model, type Types } from 'mongoose';

export interface MemberKey {
  _id: string;
  memberId: Types.ObjectId;
  /** A card number replaced by 补卡: kept so it is refused by name and never issued again. */
  retiredAt?: Date;
  replacedBy?: string;
}

const memberKeySchema = new Schema<MemberKey>(
  {
    _id: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, required: true },
    retiredAt: Date,
    replacedBy: String,
  },
  { versionKey: false, strict: false },
);

export const MemberKeyModel = model<MemberKey>('MemberKey', memberKeySchema, 'memberkeys');

export const phoneKey = (phone: string) => `phone:${phone}`;
export const cardKey = (card: string) => `card:${card}`;
