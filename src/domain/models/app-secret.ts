// Keys the service makes for itself (the member code's HMAC key): made once by whichever instance asks
// first (an insert), then read by all, so every instance checks what any instance issued.
import { Schema, model } from 'mongoose';

export interface AppSecret {
  _id: string;
  /** Base64 of random bytes. */
  value: string;
  at: Date;
}

export const AppSecretModel = model<AppSecret>(
  'AppSecret',
  new Schema<AppSecret>(
    {
      _id: { type: String, required: true },
      value: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false },
  ),
  'appsecrets',
);
