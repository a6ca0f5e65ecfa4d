// The one live verification code of a phone: hashed and short-lived; its tries are counted by the
// attempt records below.
import { Schema, model } from 'mongoose';

export interface VerificationCode {
  /** "<phone>:<channel>:<sender>": one live code per phone and chat account, found by _id. */
  _id: string;
  codeHash: string;
  /** The chat identity that asked for it; only that identity may use it. */
  requestedBy: string;
  expiresAt: Date;
  lockedUntil?: Date | null;
  sentAt: Date;
}

const verificationCodeSchema = new Schema<VerificationCode>(
  {
    _id: { type: String, required: true },
    codeHash: { type: String, required: true },
    requestedBy: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    lockedUntil: { type: Date, default: null },
    sentAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const VerificationCodeModel = model<VerificationCode>('VerificationCode', verificationCodeSchema);

/**
 * One guess at a code, "<code id>:<sent at>:<n>": a guess takes the next number by insert before it is
 * compared, so guesses made at the same instant are counted one by one and at most five are ever compared.
 */
export interface CodeAttempt {
  _id: string;
  at: Date;
}

export const CodeAttemptModel = model<CodeAttempt>(
  'CodeAttempt',
  new Schema<CodeAttempt>(
    { _id: { type: String, required: true }, at: { type: Date, required: true } },
    { versionKey: false },
  ),
  'codeattempts',
);
