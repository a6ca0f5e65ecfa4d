// Notifying members: on the chat account they used last, once per event, delivered by a queue.
import type { Types } from 'mongoose';
import { now } from '../clock.js';
import { ChannelIdentityModel } from '../models/channel-identity.js';
import { MemberChannelsModel, NoticeModel, type Notice } from '../models/notice.js';
import { offThePath } from '../off-the-path.js';
import { KeyedLock } from '../keyed-lock.js';
import type { NoticeScheduler } from './notifier.js';
import { insertOnce } from '../insert-once.js';
import type { MemberEvent, MemberEventRenderer } from './member-event.js';
import type { ChatEvent, ChatEventRenderer } from './chat-event.js';

export type NoticeOutcome = 'scheduled' | 'duplicate' | 'stored';

export class NoticeService {
  private readonly inOrder = new KeyedLock();

  constructor(
    private readonly scheduler?: NoticeScheduler,
    /** Puts member events into words; the chat templates provide it. */
    private readonly render: MemberEventRenderer = (event) => event.kind,
    /** Puts group chats' events into words, likewise. */
    private readonly renderChat: ChatEventRenderer = (event) => event.kind,
  ) {}

  /** Tells a group chat (a store's, the agents') of an event, once per key. */
  notifyChatOf(channel: string, chatId: string, key: string, event: ChatEvent): Promise<NoticeOutcome> {
    return this.notifyIdentity(channel, chatId, key, this.renderChat(event));
  }

  /** Tells the member of an event, once per key, on the chat account they used last. */
  notifyMemberOf(memberId: Types.ObjectId, key: string, event: MemberEvent): Promise<NoticeOutcome> {
    return this.notifyMember(memberId, key, this.render(event));
  }

  /**
   * For notices a job sends to many members (campaigns, birthdays, upgrades after 更新等级): a member
   * without a chat account is counted as unreachable instead of told, so the job's counts are true.
   */
  async notifyIfReachable(
    memberId: Types.ObjectId,
    key: string,
    event: MemberEvent,
  ): Promise<NoticeOutcome | 'unreachable'> {
    if (!(await lastUsedIdentity(memberId))) return 'unreachable';
    return this.notifyMemberOf(memberId, key, event);
  }

  /**
   * Stores the notice and answers at once; which chat account it goes to (the one the member used last)
   * is worked out off the request path, and again by the sweeper if this process stops first.
   */
  async notifyMember(memberId: Types.ObjectId, key: string, text: string): Promise<NoticeOutcome> {
    const notice = await this.store(key, text, null, null, memberId);
    if (!notice) return 'duplicate';
    // One member's notices are addressed and queued in the order they were stored (a receipt before
    // the upgrade it caused).
    void offThePath('address a notice', () => this.inOrder.run(String(memberId), () => this.offer(notice)));
    return 'stored';
  }

  /** A message to one chat account, member or not (a reply that missed its passive-reply window). */
  async notifyIdentity(
    channel: string,
    externalId: string,
    key: string,
    text: string,
  ): Promise<NoticeOutcome> {
    const notice = await this.store(key, text, channel, externalId, null);
    if (!notice) return 'duplicate';
    await this.offer(notice);
    return this.scheduler ? 'scheduled' : 'stored';
  }

  /** Hands a stored notice to its channel's queue, addressing it first if it is a member's. */
  async offer(notice: Notice): Promise<void> {
    let channel = notice.channel;
    if (!channel && notice.memberId) {
      const recipient = await lastUsedIdentity(notice.memberId);
      if (!recipient) {
        // No chat account: there is no one to tell, as if it had never been stored.
        await NoticeModel.deleteOne({ _id: notice._id, channel: null });
        return;
      }
      channel = recipient.channel;
      await NoticeModel.updateOne(
        { _id: notice._id },
        { $set: { channel, externalId: recipient.externalId } },
      );
    }
    if (channel && this.scheduler) await this.scheduler.schedule(notice._id, channel);
  }

  private async store(
    key: string,
    text: string,
    channel: string | null,
    externalId: string | null,
    memberId: Types.ObjectId | null,
  ): Promise<Notice | null> {
    const notice: Notice = {
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
    };
    return (await insertOnce(NoticeModel, notice)) ? notice : null;
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
