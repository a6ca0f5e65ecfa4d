// A signed-in console session: only the SHA-256 of its cookie is stored, so a copy of the database signs
// nobody in. Ends at expiresAt, checked on every read; ended ones are cleared at the next sign-in (FerretDB
// has no TTL indexes).
import { Schema, model, type Types } from 'mongoose';

export interface ConsoleSession {
  /** SHA-256 of the session cookie's value, hex. */
  _id: string;
  /** A staff member's session; null for one opened with the admin token. */
  staffId: Types.ObjectId | null;
  expiresAt: Date;
  createdAt: Date;
}

const consoleSessionSchema = new Schema<ConsoleSession>(
  {
    _id: { type: String, required: true },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', default: null },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
consoleSessionSchema.index({ expiresAt: 1 });

export const ConsoleSessionModel = model<ConsoleSession>('ConsoleSession', consoleSessionSchema);
