// Chat identities of members: binding, unbinding and looking up who a chat account belongs to.
import type { Types } from 'mongoose';
import { ChannelIdentityModel, identityId, type ChannelIdentity } from '../models/channel-identity.js';
import { MemberChannelsModel } from '../models/notice.js';
import { now } from '../clock.js';

export async function identityOf(channel: string, externalId: string): Promise<ChannelIdentity | null> {
  return ChannelIdentityModel.findById(identityId(channel, externalId)).lean<ChannelIdentity>();
}

/** Binds a chat account to a card; an account holds one card, a card may have several accounts. */
export async function bindMemberIdentity(memberId: Types.ObjectId, channel: string, externalId: string) {
  await ChannelIdentityModel.updateOne(
    { _id: identityId(channel, externalId) },
    { $set: { memberId }, $setOnInsert: { channel, externalId } },
    { upsert: true },
  );
  await MemberChannelsModel.updateOne(
    { _id: memberId },
    { $addToSet: { identities: identityId(channel, externalId) } },
    { upsert: true },
  );
}

/** Removes the card from this chat account only; the card, its money and other accounts stay. */
export async function unbindMemberIdentity(channel: string, externalId: string): Promise<boolean> {
  const identity = await identityOf(channel, externalId);
  if (!identity?.memberId) return false;
  await ChannelIdentityModel.updateOne({ _id: identity._id }, { $set: { memberId: null } });
  await MemberChannelsModel.updateOne({ _id: identity.memberId }, { $pull: { identities: identity._id } });
  return true;
}

/**
 * Records that a chat account wrote to us. Minute precision is enough to pick the channel used last and
 * WeChat's 48-hour window, and it saves a write on most messages.
 */
export async function noteIdentitySeen(identity: ChannelIdentity): Promise<void> {
  if (now().getTime() - (identity.lastSeenAt?.getTime() ?? 0) <= 60_000) return;
  // Awaited in the sender's turn, before the message is handled, never beside it: FerretDB applies an
  // update by writing the whole document back, so this write racing the message's own (a dialog ended, a
  // card unbound) could put the old dialog or binding back.
  await ChannelIdentityModel.updateOne({ _id: identity._id }, { $set: { lastSeenAt: now() } });
}
