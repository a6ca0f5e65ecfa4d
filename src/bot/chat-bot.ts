// The conversation engine: one message in, replies out, whatever the channel. It handles each message
// once (a redelivery gets the first replies), one at a time per chat account, and turns every domain
// refusal into one clear sentence.
import { KeyedLock } from '../domain/keyed-lock.js';
import { isDomainError } from '../domain/errors.js';
import { currentMember } from '../domain/ledger/commit.js';
import { identityOf, noteIdentitySeen } from '../domain/members/identity-service.js';
import { endDialog, openDialogOf } from '../domain/conversation/dialog-store.js';
import type { ChannelIdentity } from '../domain/models/channel-identity.js';
import { claimMessage, recordReplies, releaseMessage } from '../domain/conversation/message-log.js';
import { looksLikeSn } from '../domain/coupons/coupon-sn.js';
import { logger } from '../infra/logger.js';
import type { BotServices, Conversation, DialogStep, Handler } from './conversation.js';
import { CANCEL_WORDS, isOneOf, matchPhrasing, MEMBER_KEYWORDS, type MemberIntent } from './keywords.js';
import { normalizeText } from './text.js';
import { text, type InboundMessage, type Reply } from './types.js';
import { errorReply, GENERIC_ERROR } from './templates/error-replies.js';
import { CANCELLED, DIALOG_STILL_OPEN, MENU, UNKNOWN, WELCOME } from './templates/member-replies.js';
import { showBalance, showCard, showHistory, showPoints } from './handlers/account.js';
import { showStores } from './handlers/store-info.js';
import { checkIn } from './handlers/checkin.js';
import { exchange, showMall } from './handlers/mall.js';
import { showCountCards } from './handlers/count-cards.js';
import { invite } from './handlers/invite.js';
import { claimCoupons } from './handlers/claim-coupons.js';
import { showWallet, useCouponSn } from './handlers/coupons.js';
import { FLOW as REGISTER_FLOW, registrationSteps, startRegistration } from './handlers/registration.js';
import {
  BIND_FLOW,
  bindingSteps,
  startBinding,
  startUnbinding,
  UNBIND_FLOW,
  unbindingSteps,
} from './handlers/binding.js';
import type { GroupRouter } from './group-router.js';
import { PASSWORD_FLOW, passwordSteps, startSettingPassword } from './handlers/card-password.js';
import { COMPLAIN_FLOW, complaintHandlers } from './handlers/complaints.js';
import { RATE_FLOW } from './agents/desk-notices.js';

const BASE_HANDLERS: Omit<Record<MemberIntent, Handler>, 'complain' | 'supplement' | 'myTickets'> = {
  help: async () => [text(MENU)],
  welcome: async ({ member }) => [text(member ? WELCOME.back(member) : WELCOME.newcomer)],
  points: showPoints,
  balance: showBalance,
  card: showCard,
  history: showHistory,
  coupons: showWallet,
  register: startRegistration,
  bind: startBinding,
  unbind: startUnbinding,
  setPassword: startSettingPassword,
  store: showStores,
  checkin: checkIn,
  mall: showMall,
  exchange,
  claim: claimCoupons,
  countCards: showCountCards,
  invite,
};

/** Intents that only read: answered without the exactly-once record when typed as a bare keyword. */
const READ_ONLY_INTENTS = new Set<MemberIntent>([
  'help',
  'points',
  'balance',
  'card',
  'history',
  'coupons',
  'store',
  'myTickets',
  'mall',
  'claim',
  'countCards',
]);

/** Flows that wait for their answer until they expire, instead of ending at the first other message. */
const STICKY_FLOWS = new Set([RATE_FLOW]);

const BASE_DIALOGS: Record<string, Record<string, DialogStep>> = {
  [REGISTER_FLOW]: registrationSteps,
  [BIND_FLOW]: bindingSteps,
  [UNBIND_FLOW]: unbindingSteps,
  [PASSWORD_FLOW]: passwordSteps,
};

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

export class ChatBot {
  private readonly perSender = new KeyedLock();
  private readonly handlers: Record<MemberIntent, Handler>;
  private readonly dialogs: Record<string, Record<string, DialogStep>>;

  constructor(
    private readonly services: BotServices,
    /** Agent and staff commands, asked in order before a message is taken as a member's. */
    private readonly routers: GroupRouter[] = [],
    /** Told how each delivery ended (for metrics): answered, redelivered, busy, failed. */
    private readonly observe: (channel: string, outcome: string) => void = () => undefined,
  ) {
    const complaints = complaintHandlers(services.notices);
    this.handlers = {
      ...BASE_HANDLERS,
      complain: complaints.complain,
      supplement: complaints.supplement,
      myTickets: complaints.myTickets,
    };
    this.dialogs = {
      ...BASE_DIALOGS,
      [COMPLAIN_FLOW]: complaints.complainSteps,
      [RATE_FLOW]: complaints.rateSteps,
    };
  }

  /**
   * For channels whose replies go back in the response (WeChat's passive reply, the HTTP chat door): a
   * redelivery gets the first replies, and a query that changes nothing is simply answered again.
   */
  async handle(msg: InboundMessage): Promise<Reply[]> {
    return (await this.run(msg, true)).replies;
  }

  /**
   * For channels that push replies (Telegram, Wechaty): says whether this was a redelivery of a message
   * already answered, which must not be pushed again. Every message is recorded to know that.
   */
  async handleDelivery(msg: InboundMessage): Promise<{ replies: Reply[]; redelivered: boolean }> {
    return this.run(msg, false);
  }

  private async run(
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

  /** Resolves when no message is being handled (or after `ms`): for a graceful stop. */
  drain(ms: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      setTimeout(resolve, ms).unref();
    });
  }

  private inFlight = 0;

  /** Messages being handled now. */
  get handling(): number {
    return this.inFlight;
  }
  private readonly idleWaiters: Array<() => void> = [];

  private async deliver(
    msg: InboundMessage,
    mayAnswerAgain: boolean,
  ): Promise<{ replies: Reply[]; redelivered: boolean }> {
    const identityKey = `${msg.channel}:${msg.from.id}`;
    return this.perSender.run(identityKey, async () => {
      const identity = await identityOf(msg.channel, msg.from.id);
      if (identity) await noteIdentitySeen(identity);
      if (mayAnswerAgain && this.onlyReads(msg, identity)) {
        // Nothing to apply once: a redelivery is answered again, with the figures as they are then.
        const replies = await this.answerOrExplain(msg, identityKey, identity);
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
      const replies = await this.answerOrExplain(msg, identityKey, identity);
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

  /**
   * A member's query that changes nothing (查余额, 我的券…, typed as a keyword, with no dialog open and
   * no router's command): it needs no exactly-once record, which saves two writes on the busiest path.
   */
  private onlyReads(msg: InboundMessage, identity: ChannelIdentity | null): boolean {
    if (msg.chat.kind !== 'private' || openDialogOf(identity)) return false;
    const raw = msg.text.trim();
    if (this.routers.some((router) => router.claimsPrivate(raw))) return false;
    const intent = matchPhrasing(MEMBER_KEYWORDS, normalizeText(msg.text));
    return intent !== null && intent.args === '' && READ_ONLY_INTENTS.has(intent.intent);
  }

  /** The replies, or null when handling failed unexpectedly (logged and counted). */
  private async answerOrExplain(
    msg: InboundMessage,
    identityKey: string,
    identity: ChannelIdentity | null,
  ): Promise<Reply[] | null> {
    try {
      return await this.answer(msg, identityKey, identity);
    } catch (err) {
      logger.error({ err, channel: msg.channel }, 'message handling failed');
      this.observe(msg.channel, 'failed');
      return null;
    }
  }

  private async answer(
    msg: InboundMessage,
    identityKey: string,
    identity: ChannelIdentity | null,
  ): Promise<Reply[]> {
    // Members act only in private chats; group messages are the routers' (staff and agents), so the
    // card is not read for them.
    const member =
      identity?.memberId && msg.chat.kind === 'private' ? await currentMember(identity.memberId) : null;
    const conv: Conversation = {
      msg,
      text: normalizeText(msg.text),
      raw: msg.text.trim(),
      identityKey,
      identity,
      member,
      services: this.services,
    };
    try {
      for (const router of this.routers) {
        const routed = await router.route(conv);
        if (routed) return routed;
      }
      if (msg.chat.kind === 'group') return [];
      return await this.answerMember(conv);
    } catch (err) {
      if (isDomainError(err)) return [text(errorReply(err))];
      throw err;
    }
  }

  private async answerMember(conv: Conversation): Promise<Reply[]> {
    const intent = matchPhrasing(MEMBER_KEYWORDS, conv.text);
    const dialog = openDialogOf(conv.identity);
    if (dialog) {
      const sticky = STICKY_FLOWS.has(dialog.flow);
      if (!sticky && isOneOf(conv.text, CANCEL_WORDS)) {
        await endDialog(conv.identityKey);
        return [text(CANCELLED)];
      }
      // A question asked by keyword (查积分, 帮助…) is answered and the dialog stays open for its answer;
      // another keyword that acts (领卡, 绑定, 投诉…) leaves it; anything else is the answer to its question.
      // A sticky flow (a rating) is only asked, and stays open while the member does other things.
      if (!sticky && intent && intent.args === '' && READ_ONLY_INTENTS.has(intent.intent)) {
        return [...(await this.handlers[intent.intent](conv, '')), text(DIALOG_STILL_OPEN)];
      }
      const step = this.dialogs[dialog.flow]?.[dialog.step];
      const answered = step && (sticky || !(intent && intent.args === '')) ? await step(conv, dialog) : null;
      if (answered) return answered;
      if (!sticky) await endDialog(conv.identityKey);
    }
    if (intent) return this.handlers[intent.intent](conv, intent.args);
    if (isOneOf(conv.text, CANCEL_WORDS)) return [text(CANCELLED)];
    if (looksLikeSn(conv.raw)) return useCouponSn(conv, '');
    return [text(UNKNOWN)];
  }
}
