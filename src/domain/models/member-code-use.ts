// A member code taken at the till: inserted by the operation that used it, so a code is used once, and
// the same operation retried (same key) still finds its member.
import { Schema, model } from 'mongoose';

export interface MemberCodeUse {
  /** The code itself: it holds its time window, so codes never repeat within their lifetime. */
  _id: string;
  /** The idempotency key of the operation that used it. */
  useKey: string;
  memberId: string;
  at: Date;
}

export const MemberCodeUseModel = model<MemberCodeUse>(
  'MemberCodeUse',
  new Schema<MemberCodeUse>(
    {
      _id: { type: String, required: true },
      useKey: { type: String, required: true },
      memberId: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'membercodeuses',
);
