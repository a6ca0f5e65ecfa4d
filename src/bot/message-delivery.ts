// How a message is delivered to the engine: once (a redelivery gets the first replies), one at a time per
// chat account, counted so a stop can wait for the messages in hand. What the message means is not its
// business: it asks the reader given to it.
import { KeyedLock } from '../domain/keyed-lock.js';
import { identityOf, noteIdentitySeen } from '../domain/members/identity-service.js';
import type { ChannelIdentity } from '../domain/models/channel-identity.js';
import { claimMessage, recordReplies, releaseMessage } from '../domain/conversation/message-log.js';
import { logger } from '../infra/logger.js';
import { text, type InboundMessage, type Reply } from './types.js';
import { GENERIC_ERROR } from './templates/error-replies.js';

/** A message as read once: whether answering it changes nothing, and the answer. */
export interface HeardMessage {
  /** Nothing to apply once: a redelivery may simply be answered again. */
  onlyReads: boolean;
  answer(): Promise<Reply[]>;
}

export type MessageReader = (
  msg: InboundMessage,
  identityKey: string,
  identity: ChannelIdentity | null,
) => HeardMessage;

/** Told how each delivery ended (for metrics): answered, redelivered, failed. */
export type DeliveryObserver = (channel: string, outcome: string) => void;

export class MessageDelivery {
  private readonly perSender = new KeyedLock();
  private inFlight = 0;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly read: MessageReader,
    private readonly observe: DeliveryObserver,
  ) {}

  /** Messages being handled now. */
  get handling(): number {
    return this.inFlight;
  }

  /** Resolves when no message is being handled (or after `ms`): for a graceful stop. */
  drain(ms: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      setTimeout(resolve, ms).unref();
    });
  }

  async run(
    msg: InboundMessage,
    mayAnswerAgain: boolean,
  ): Promise<{ replies: Reply[]; redelivered: boolean }> {
    this.inFlight++;
    try {
      return await this.deliver(msg, mayAnswerAgain);
    } finally {
      if (--this.inFlight === 0) for (const idle of this.idleWaiters.splice(0)) idle();
    }
  }

  private async deliver(
    msg: InboundMessage,
    mayAnswerAgain: boolean,
  ): Promise<{ replies: Reply[]; redelivered: boolean }> {
    const identityKey = `${msg.channel}:${msg.from.id}`;
    return this.perSender.run(identityKey, async () => {
      const identity = await identityOf(msg.channel, msg.from.id);
      // In the sender's turn, before the message is handled: FerretDB writes an updated document back
      // whole, so a write beside the handling could put back a dialog it just ended.
      if (identity) await noteIdentitySeen(identity);
      const heard = this.read(msg, identityKey, identity);
      if (mayAnswerAgain && heard.onlyReads) {
        // Nothing to apply once: a redelivery is answered again, with the figures as they are then.
        const replies = await this.answerOrExplain(msg, heard);
        if (!replies) return { replies: [text(GENERIC_ERROR)], redelivered: false };
        this.observe(msg.channel, 'answered');
        return { replies, redelivered: false };
      }
      const logId = `${identityKey}:${msg.messageId}`;
      const claim = await claimMessage<Reply>(logId);
      if (claim.kind === 'done') {
        this.observe(msg.channel, 'redelivered');
        return { replies: claim.replies, redelivered: true };
      }
      if (claim.kind === 'busy')
        return { replies: [text('上一条消息还在处理，请稍候。')], redelivered: true };
      const replies = await this.answerOrExplain(msg, heard);
      if (!replies) {
        // Nothing was half-done (every effect is idempotent on the message id), so a redelivery may retry.
        // If even the release fails (the database is away), the claim goes stale and is taken over later.
        await releaseMessage(logId).catch(() => undefined);
        return { replies: [text(GENERIC_ERROR)], redelivered: false };
      }
      // The answer stands whatever happens to its record: what it reports is committed. A redelivery
      // meanwhile waits on the claim and gets these replies once they are recorded.
      await recordRepliesPatiently(logId, replies, msg.channel);
      this.observe(msg.channel, 'answered');
      return { replies, redelivered: false };
    });
  }

  /** The replies, or null when handling failed unexpectedly (logged and counted). */
  private async answerOrExplain(msg: InboundMessage, heard: HeardMessage): Promise<Reply[] | null> {
    try {
      return await heard.answer();
    } catch (err) {
      logger.error({ err, channel: msg.channel }, 'message handling failed');
      this.observe(msg.channel, 'failed');
      return null;
    }
  }
}

/**
 * Records a message's replies, trying again for a few seconds while the database is away. If it never
 * answers, the claim is released (or goes stale), and a redelivery is handled again, idempotently.
 */
async function recordRepliesPatiently(logId: string, replies: Reply[], channel: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await recordReplies(logId, replies);
      return;
    } catch (err) {
      if (attempt >= 5) {
        logger.warn({ err, channel }, 'replies not recorded; a redelivery will be answered again');
        await releaseMessage(logId).catch(() => undefined);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}
