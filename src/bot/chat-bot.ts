// The conversation engine: one message in, replies out, whatever the channel. A message is read once
// (normalised, matched to a router's command or a member's intent), delivered once (message-delivery.ts),
// and every domain refusal becomes one clear sentence.
import { isDomainError } from '../domain/errors.js';
import { currentMember } from '../domain/ledger/member-projection.js';
import { endDialog, openDialogOf } from '../domain/conversation/dialog-store.js';
import type { ChannelIdentity } from '../domain/models/channel-identity.js';
import type { BotServices, Conversation } from './conversation.js';
import { CANCEL_WORDS, isOneOf } from './keywords.js';
import { normalizeText } from './text.js';
import { text, type InboundMessage, type Reply } from './types.js';
import { errorReply } from './templates/error-replies.js';
import { CANCELLED, DIALOG_STILL_OPEN, UNKNOWN } from './templates/member-replies.js';
import type { GroupKind, GroupRouter } from './group-router.js';
import { isAgentGroup } from '../domain/tickets/agent-groups.js';
import { DIALOG_FLOWS, matchMemberIntent, onlyReads } from './intents/intent-match.js';
import { MessageDelivery, type DeliveryObserver, type HeardMessage } from './message-delivery.js';

export class ChatBot {
  private readonly delivery: MessageDelivery;

  constructor(
    private readonly services: BotServices,
    /** Agent and staff commands, asked in order before a message is taken as a member's. */
    private readonly routers: GroupRouter[] = [],
    observe: DeliveryObserver = () => undefined,
  ) {
    this.delivery = new MessageDelivery((msg, key, identity) => this.hear(msg, key, identity), observe);
  }

  /**
   * For channels whose replies go back in the response (WeChat's passive reply, the HTTP chat door): a
   * redelivery gets the first replies, and a query that changes nothing is simply answered again.
   */
  async handle(msg: InboundMessage): Promise<Reply[]> {
    return (await this.delivery.run(msg, true)).replies;
  }

  /**
   * For channels that push replies (Telegram, Wechaty): says whether this was a redelivery of a message
   * already answered, which must not be pushed again. Every message is recorded to know that.
   */
  async handleDelivery(msg: InboundMessage): Promise<{ replies: Reply[]; redelivered: boolean }> {
    return this.delivery.run(msg, false);
  }

  /** Resolves when no message is being handled (or after `ms`): for a graceful stop. */
  drain(ms: number): Promise<void> {
    return this.delivery.drain(ms);
  }

  /** Messages being handled now. */
  get handling(): number {
    return this.delivery.handling;
  }

  /** Reads a message once: who may claim it, which intent it asks for, and whether it only reads. */
  private hear(msg: InboundMessage, identityKey: string, identity: ChannelIdentity | null): HeardMessage {
    // Normalised when first read: staff commands parse the raw text, so group chatter never needs it.
    let normalised: string | undefined;
    const normalisedText = () => (normalised ??= normalizeText(msg.text));
    const raw = msg.text.trim();
    const inPrivate = msg.chat.kind === 'private';
    // In private chats a router acts only on its own commands (an agent's), known from the text alone, and
    // only for staff: a member's message never reaches a router (each would answer them with null).
    const routers = !inPrivate
      ? this.routers
      : identity?.staffId
        ? this.routers.filter((router) => router.claimsPrivate(raw))
        : [];
    const intent = inPrivate ? matchMemberIntent(normalisedText(), raw) : null;
    const conv: Conversation = {
      msg,
      get text() {
        return normalisedText();
      },
      raw,
      intent,
      identityKey,
      identity,
      member: null,
      services: this.services,
    };
    return {
      onlyReads: inPrivate && routers.length === 0 && !openDialogOf(identity) && onlyReads(intent),
      answer: () => this.answer(conv, routers),
    };
  }

  private async answer(heard: Conversation, routers: GroupRouter[]): Promise<Reply[]> {
    // Members act only in private chats; group messages are the routers' (staff and agents), so the
    // card is not read for them.
    const memberId = heard.msg.chat.kind === 'private' ? heard.identity?.memberId : null;
    const conv = memberId ? { ...heard, member: await currentMember(memberId) } : heard;
    try {
      // A group is asked of the routers that serve its kind only: the desk's agents, or the stores' staff.
      const kind =
        conv.msg.chat.kind === 'group' ? await groupKindOf(conv.msg.channel, conv.msg.chat.id) : null;
      for (const router of kind ? routers.filter((r) => r.servesGroups === kind) : routers) {
        const routed = await router.route(conv);
        if (routed) return routed;
      }
      if (conv.msg.chat.kind === 'group') return [];
      return await this.answerMember(conv);
    } catch (err) {
      if (isDomainError(err)) return [text(errorReply(err))];
      throw err;
    }
  }

  private async answerMember(conv: Conversation): Promise<Reply[]> {
    const { intent } = conv;
    const dialog = openDialogOf(conv.identity);
    if (dialog) {
      const flow = DIALOG_FLOWS.get(dialog.flow);
      const sticky = flow?.sticky === true;
      if (!sticky && isOneOf(conv.text, CANCEL_WORDS)) {
        await endDialog(conv.identityKey);
        return [text(CANCELLED)];
      }
      // A question asked by keyword (查积分, 帮助…) is answered and the dialog stays open for its answer;
      // another keyword that acts (领卡, 绑定, 投诉…) leaves it; anything else is the answer to its question.
      // A sticky flow (a rating) is only asked, and stays open while the member does other things.
      if (!sticky && intent && onlyReads(intent)) {
        return [...(await intent.spec.handle(conv, '')), text(DIALOG_STILL_OPEN)];
      }
      const bareKeyword = intent?.byKeyword === true && intent.args === '';
      const step = flow?.steps[dialog.step];
      const answered = step && (sticky || !bareKeyword) ? await step(conv, dialog) : null;
      if (answered) return answered;
      if (!sticky) await endDialog(conv.identityKey);
    }
    if (intent) return intent.spec.handle(conv, intent.args);
    if (isOneOf(conv.text, CANCEL_WORDS)) return [text(CANCELLED)];
    return [text(UNKNOWN)];
  }
}

async function groupKindOf(channel: string, chatId: string): Promise<GroupKind> {
  return (await isAgentGroup(channel, chatId)) ? 'desk' : 'other';
}
