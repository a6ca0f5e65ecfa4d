// Who a chat account is: (channel, externalId) → a member and/or a staff member.
import { Schema, model, type Types } from 'mongoose';
import { dialogStateSchema, type DialogState } from './dialog-state.js';

export interface ChannelIdentity {
  /** "<channel>:<externalId>", so that every incoming message resolves its sender by _id. */
  _id: string;
  channel: string;
  externalId: string;
  memberId?: Types.ObjectId | null;
  staffId?: Types.ObjectId | null;
  displayName?: string;
  /** When this identity last wrote to us: notices go to the channel used last. */
  lastSeenAt?: Date;
  /** The dialog this account is in, one at a time (see conversation/dialog-store). */
  dialog?: DialogState | null;
  createdAt: Date;
}

const channelIdentitySchema = new Schema<ChannelIdentity>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    externalId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', default: null },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', default: null },
    displayName: String,
    lastSeenAt: Date,
    dialog: { type: dialogStateSchema, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);

export const identityId = (channel: string, externalId: string) => `${channel}:${externalId}`;

export const ChannelIdentityModel = model<ChannelIdentity>('ChannelIdentity', channelIdentitySchema);
