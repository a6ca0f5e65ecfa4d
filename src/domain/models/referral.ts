// 老带新: who invited a new member. One document per new member (_id = their id), so inserting it is the
// at-most-once step: a member is referred once, by one inviter.
import { Schema, model, type Types } from 'mongoose';

export interface Referral {
  _id: Types.ObjectId;
  inviterId: Types.ObjectId;
  code: string;
  at: Date;
}

export const ReferralModel = model<Referral>(
  'Referral',
  new Schema<Referral>(
    {
      _id: { type: Schema.Types.ObjectId, required: true },
      inviterId: { type: Schema.Types.ObjectId, required: true },
      code: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'referrals',
);
