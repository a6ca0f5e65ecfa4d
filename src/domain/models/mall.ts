// The points mall: items a member exchanges points for (each issues one coupon of a template: a gift to
// pick up, or a cash or discount coupon), and the slots that hold stock and limits without transactions.
import { Schema, model, type Types } from 'mongoose';

export interface MallItem {
  /** The number members type: 兑换 <编号>. */
  _id: string;
  name: string;
  templateId: Types.ObjectId;
  pointsPrice: number;
  stock: number;
  perMemberLimit?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  createdAt: Date;
}

export const MallItemModel = model<MallItem>(
  'MallItem',
  new Schema<MallItem>(
    {
      _id: { type: String, required: true },
      name: { type: String, required: true },
      templateId: { type: Schema.Types.ObjectId, required: true },
      pointsPrice: { type: Number, required: true },
      stock: { type: Number, required: true },
      perMemberLimit: { type: Number, default: null },
      startsAt: { type: Date, default: null },
      endsAt: { type: Date, default: null },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'mallitems',
);

/**
 * "<item>:s:<n>" is the n-th unit of an item's stock, "<item>:m:<member>:<k>" the k-th a member took, and
 * "req:<requestKey>" an exchange asked for once. Inserting a slot is the claim; its unique _id decides.
 */
export interface MallSlot {
  _id: string;
  itemCode: string;
  requestKey: string;
  at: Date;
}

export const MallSlotModel = model<MallSlot>(
  'MallSlot',
  new Schema<MallSlot>(
    {
      _id: { type: String, required: true },
      itemCode: { type: String, required: true },
      requestKey: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'mallslots',
);
