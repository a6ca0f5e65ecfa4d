// Chat messages already handled, with the replies sent: a redelivered message gets the same replies
// and changes nothing.
import { Schema, model } from 'mongoose';

export interface ProcessedMessage {
  /** "<channel>:<senderId>:<messageId>". */
  _id: string;
  done: boolean;
  replies: unknown[];
  at: Date;
}

const processedMessageSchema = new Schema<ProcessedMessage>(
  {
    _id: { type: String, required: true },
    done: { type: Boolean, default: false },
    replies: { type: [Schema.Types.Mixed], default: [] },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export const ProcessedMessageModel = model<ProcessedMessage>('ProcessedMessage', processedMessageSchema);
