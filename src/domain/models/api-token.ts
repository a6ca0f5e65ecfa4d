// A bearer credential for the API, held by one staff member or made for an integration (a chat front end
// that speaks for its own users on the http channel); only its SHA-256 is stored.
import { Schema, model, type Types } from 'mongoose';

export interface ApiToken {
  /** SHA-256 of the token, hex: the lookup is by _id. */
  _id: string;
  staffId?: Types.ObjectId | null;
  /** For an integration credential: the chat channel it may speak on for any of its users. */
  integrationChannel?: string | null;
  label?: string;
  revokedAt?: Date;
  createdAt: Date;
}

const apiTokenSchema = new Schema<ApiToken>(
  {
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', default: null, index: true },
    integrationChannel: { type: String, default: null },
    label: String,
    revokedAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const ApiTokenModel = model<ApiToken>('ApiToken', apiTokenSchema);
