// A person who works for the shop, with roles (staff/roles.ts); cashiers and managers act for the stores
// listed, 总部 (owner) for every store.
import { Schema, model, type Types } from 'mongoose';

export const STAFF_ROLES = ['cashier', 'manager', 'agent', 'owner', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Staff {
  _id: Types.ObjectId;
  name: string;
  roles: StaffRole[];
  storeIds: Types.ObjectId[];
  /** The phone they sign in to the console with (its uniqueness lives in StaffLogin's _id). */
  phone?: string | null;
  active: boolean;
  createdAt: Date;
}

const staffSchema = new Schema<Staff>(
  {
    name: { type: String, required: true, trim: true },
    roles: { type: [String], enum: STAFF_ROLES, default: ['cashier'] },
    storeIds: { type: [Schema.Types.ObjectId], ref: 'Store', default: [] },
    phone: { type: String, default: null },
    active: { type: Boolean, default: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const StaffModel = model<Staff>('Staff', staffSchema);
