// How a staff member signs in to the console: their phone (the _id, so two staff can never share one) and,
// once they set it, a password kept as a salted scrypt hash.
import { Schema, model, type Types } from 'mongoose';

export interface StaffLogin {
  /** The staff member's mobile phone, 11 digits. */
  _id: string;
  staffId: Types.ObjectId;
  /** "scrypt$<salt hex>$<hash hex>"; null until they set one. */
  passwordHash: string | null;
  createdAt: Date;
}

const staffLoginSchema = new Schema<StaffLogin>(
  {
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', required: true, index: true },
    passwordHash: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const StaffLoginModel = model<StaffLogin>('StaffLogin', staffLoginSchema);
