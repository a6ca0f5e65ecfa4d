// The step a chat identity is at in a multi-step dialog (registration, binding, confirmations).
import { Schema, model } from 'mongoose';

export interface DialogState {
  /** "<channel>:<externalId>": one dialog at a time per chat account. */
  _id: string;
  flow: string;
  step: string;
  data: Record<string, unknown>;
  expiresAt: Date;
}

const dialogStateSchema = new Schema<DialogState>(
  {
    _id: { type: String, required: true },
    flow: { type: String, required: true },
    step: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const DialogStateModel = model<DialogState>('DialogState', dialogStateSchema);
