// A message the system sends a member on its own (consumption notices, ticket replies), kept until sent.
import { Schema, model, type Types } from 'mongoose';

export type NoticeStatus = 'queued' | 'sent' | 'dead';

export interface Notice {
  /** What it is about, e.g. "entry:K7M2QX9P": the same event never notifies twice. */
  _id: string;
  /** Null for a message to a chat account that is not (yet) a member. */
  memberId: Types.ObjectId | null;
  text: string;
  /** Null until a member's notice is addressed to the chat account they used last. */
  channel: string | null;
  externalId: string | null;
  status: NoticeStatus;
  attempts: number;
  lastError?: string | null;
  createdAt: Date;
  sentAt?: Date | null;
}

const noticeSchema = new Schema<Notice>(
  {
    _id: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    text: { type: String, required: true },
    channel: { type: String, default: null },
    externalId: { type: String, default: null },
    status: { type: String, default: 'queued' },
    attempts: { type: Number, default: 0 },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false },
);

noticeSchema.index({ status: 1 }); // the sweeper's queue
export const NoticeModel = model<Notice>('Notice', noticeSchema);

/** The chat accounts bound to a member, so that finding where to notify them is a lookup by _id. */
export interface MemberChannels {
  _id: Types.ObjectId;
  identities: string[];
}

export const MemberChannelsModel = model<MemberChannels>(
  'MemberChannels',
  new Schema<MemberChannels>(
    { _id: Schema.Types.ObjectId, identities: { type: [String], default: [] } },
    { versionKey: false },
  ),
  'memberchannels',
);
