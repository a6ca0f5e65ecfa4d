// The step a chat account is at in a multi-step dialog (registration, binding, confirmations). It lives on
// the account's channel identity document, which every message reads anyway.
import { Schema } from 'mongoose';

export interface DialogState {
  flow: string;
  step: string;
  data: Record<string, unknown>;
  expiresAt: Date;
}

export const dialogStateSchema = new Schema<DialogState>(
  {
    flow: { type: String, required: true },
    step: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    expiresAt: { type: Date, required: true },
  },
  { _id: false, versionKey: false, minimize: false },
);
