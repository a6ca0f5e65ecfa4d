// The one live verification code of a phone: hashed, short-lived, with a count of wrong tries.
import { Schema, model } from 'mongoose';

export interface VerificationCode {
  /** "<phone>:<channel>:<sender>": one live code per phone and chat account, found by _id. */
  _id: string;
  codeHash: string;
  /** The chat identity that asked for it; only that identity may use it. */
  requestedBy: string;
  attempts: number;
  expiresAt: Date;
  lockedUntil?: Date | null;
  sentAt: Date;
}

const verificationCodeSchema = new Schema<VerificationCode>(
  {
    _id: { type: String, required: true },
    codeHash: { type: String, required: true },
    requestedBy: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    expiresAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    sentAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const VerificationCodeModel = model<VerificationCode>('VerificationCode', verificationCodeSchema);
