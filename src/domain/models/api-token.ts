// A bearer credential for the admin API, held by one staff member; only its SHA-256 is stored.
import { Schema, model, type Types } from 'mongoose';

export interface ApiToken {
  _id: Types.ObjectId;
  tokenHash: string;
  staffId: Types.ObjectId;
  label?: string;
  revokedAt?: Date;
  createdAt: Date;
}

const apiTokenSchema = new Schema<ApiToken>(
  {
    tokenHash: { type: String, required: true, unique: true },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', required: true, index: true },
    label: String,
    revokedAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const ApiTokenModel = model<ApiToken>('ApiToken', apiTokenSchema);
