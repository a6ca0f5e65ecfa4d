// Slots that make coupon limits hold without transactions: "<template>:q:<n>" is the n-th coupon of a
// template's total quota, "<template>:m:<member>:<k>" the k-th a member holds of it, and "req:<key>:<i>"
// the i-th coupon an idempotent request issued. Inserting a slot is the claim; its unique _id decides.
import { Schema, model, type Types } from 'mongoose';

export interface CouponIssueSlot {
  _id: string;
  templateId: Types.ObjectId;
  kind: 'quota' | 'member' | 'request';
  sn: string;
  at: Date;
}

export const CouponIssueModel = model<CouponIssueSlot>(
  'CouponIssue',
  new Schema<CouponIssueSlot>(
    {
      _id: { type: String, required: true },
      templateId: { type: Schema.Types.ObjectId, required: true },
      kind: { type: String, required: true },
      sn: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
);
