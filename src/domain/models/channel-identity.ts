// Who a chat account is: (channel, externalId) → a member and/or a staff member.
import { Schema, model, type Types } from 'mongoose';

export interface ChannelIdentity {
  _id: Types.ObjectId;
  channel: string;
  externalId: string;
  memberId?: Types.ObjectId | null;
  staffId?: Types.ObjectId | null;
  displayName?: string;
  /** When this identity last wrote to us: notices go to the channel used last. */
  lastSeenAt?: Date;
  createdAt: Date;
}

const channelIdentitySchema = new Schema<ChannelIdentity>(
  {
    channel: { type: String, required: true },
    externalId: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, ref: 'Member', default: null, index: true },
    staffId: { type: Schema.Types.ObjectId, ref: 'Staff', default: null, index: true },
    displayName: String,
    lastSeenAt: Date,
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
channelIdentitySchema.index({ channel: 1, externalId: 1 }, { unique: true });

export const ChannelIdentityModel = model<ChannelIdentity>('ChannelIdentity', channelIdentitySchema);
