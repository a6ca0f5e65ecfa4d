// A person who works for the shop, with roles; cashiers and managers act for the stores listed.
import { Schema, model, type Types } from 'mongoose';

export const STAFF_ROLES = ['cashier', 'manager', 'agent', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Staff {
  _id: Types.ObjectId;
  name: string;
  roles: StaffRole[];
  storeIds: Types.ObjectId[];
  active: boolean;
  createdAt: Date;
}

const staffSchema = new Schema<Staff>(
  {
    name: { type: String, required: true, trim: true },
    roles: { type: [String], enum: STAFF_ROLES, default: ['cashier'] },
    storeIds: { type: [Schema.Types.ObjectId], ref: 'Store', default: [] },
    active: { type: Boolean, default: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const StaffModel = model<Staff>('Staff', staffSchema);
