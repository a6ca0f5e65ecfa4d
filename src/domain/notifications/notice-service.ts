// Notifying members: on the chat account they used last, once per event, delivered by a queue.
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { ChannelIdentityModel } from '../models/channel-identity.js';
import { MemberChannelsModel, NoticeModel } from '../models/notice.js';
import type { NoticeScheduler } from './notifier.js';
import { insertOnce } from '../insert-once.js';
import type { MemberEvent, MemberEventRenderer } from './member-event.js';

export type NoticeOutcome = 'scheduled' | 'duplicate' | 'no-channel' | 'stored';

export class NoticeService {
  constructor(
    private readonly scheduler?: NoticeScheduler,
    /** Puts member events into words; the chat templates provide it. */
    private readonly render: MemberEventRenderer = (event) => event.kind,
  ) {}

  /** Tells the member of an event, once per key, on the chat account they used last. */
  notifyMemberOf(memberId: Types.ObjectId, key: string, event: MemberEvent): Promise<NoticeOutcome> {
    return this.notifyMember(memberId, key, this.render(event));
  }

  async notifyMember(memberId: Types.ObjectId, key: string, text: string): Promise<NoticeOutcome> {
    const recipient = await lastUsedIdentity(memberId);
    if (!recipient) return 'no-channel';
    return this.store(key, text, recipient.channel, recipient.externalId, memberId);
  }

  /** A message to one chat account, member or not (a reply that missed its passive-reply window). */
  async notifyIdentity(
    channel: string,
    externalId: string,
    key: string,
    text: string,
  ): Promise<NoticeOutcome> {
    return this.store(key, text, channel, externalId, null);
  }

  private async store(
    key: string,
    text: string,
    channel: string,
    externalId: string,
    memberId: Types.ObjectId | null,
  ): Promise<NoticeOutcome> {
    const fresh = await insertOnce(NoticeModel, {
      _id: key,
      memberId,
      text,
      channel,
      externalId,
      status: 'queued',
      attempts: 0,
      lastError: null,
      createdAt: now(),
      sentAt: null,
    });
    if (!fresh) return 'duplicate';
    if (!this.scheduler) return 'stored';
    await this.scheduler.schedule(key, channel);
    return 'scheduled';
  }
}

/** The member's chat account that wrote to us most recently. */
export async function lastUsedIdentity(memberId: Types.ObjectId) {
  const channels = await MemberChannelsModel.findById(memberId).lean();
  const identities = await Promise.all(
    (channels?.identities ?? []).map((id) => ChannelIdentityModel.findById(id).lean()),
  );
  const bound = identities.filter((i) => i?.memberId?.equals(memberId));
  bound.sort((a, b) => (b!.lastSeenAt?.getTime() ?? 0) - (a!.lastSeenAt?.getTime() ?? 0));
  return bound[0] ?? null;
}
