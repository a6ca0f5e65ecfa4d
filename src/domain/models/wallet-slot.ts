// A member's wallet as numbered slots: "<member>:<n>" holds the n-th coupon put in it. One insert per
// coupon, so coupons issued at the same instant by several processes are all kept (an array updated in
// place is read, changed and written back on FerretDB, and loses some of them).
import { Schema, model, type Types } from 'mongoose';

export interface WalletSlot {
  _id: string;
  memberId: Types.ObjectId;
  sn: string;
  at: Date;
}

export const walletSlotId = (memberId: Types.ObjectId, n: number) => `${String(memberId)}:${n}`;

export const WalletSlotModel = model<WalletSlot>(
  'WalletSlot',
  new Schema<WalletSlot>(
    {
      _id: { type: String, required: true },
      memberId: { type: Schema.Types.ObjectId, required: true },
      sn: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'walletslots',
);
