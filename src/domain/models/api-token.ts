// A bearer credential for the admin API, held by one staff member; only its SHA-256 is stored.
import { Schema, model, type Types } from 'mongoose';

export interface ApiToken {
  /** SHA-256 of the token, hex: the lookup is by _id. */
  _id: string;
  staffId: Types.ObjectId;
  label?: string;
  revokedAt?: Date;
  createdAt: Date;
}

const apiTokenSchema = new Schema<ApiToken>(
  {
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', required: true, index: true },
    label: String,
    revokedAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const ApiTokenModel = model<ApiToken>('ApiToken', apiTokenSchema);
