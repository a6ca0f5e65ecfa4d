// What a handler knows about the message it answers: who is speaking, in what words, with what services.
import type { Actor } from '../domain/models/audit-log.js';
import type { ChannelIdentity } from '../domain/models/channel-identity.js';
import type { Member } from '../domain/models/member.js';
import type { DialogState } from '../domain/models/dialog-state.js';
import type { LedgerService, OperationContext } from '../domain/ledger/ledger-service.js';
import type { Checkout } from '../domain/checkout/checkout.js';
import type { VerificationService } from '../domain/verification/verification-service.js';
import type { Throttles } from '../domain/throttle.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { MemberCards } from '../domain/cards/member-cards.js';
import type { OnlineRecharge } from '../domain/payments/online-recharge.js';
import type { InboundMessage, Reply } from './types.js';
import type { IntentMatch } from './intents/intent-match.js';

export interface BotServices {
  ledger: LedgerService;
  checkout: Checkout;
  verification: VerificationService;
  throttles: Throttles;
  notices: NoticeService;
  cards: MemberCards;
  payments: OnlineRecharge;
}

export interface Conversation {
  msg: InboundMessage;
  /** Normalised text (half-width, simplified, lower case). */
  text: string;
  /** The text as sent, trimmed. */
  raw: string;
  /** The member intent the text asks for (private chats), matched once when the message was read. */
  intent: IntentMatch | null;
  /** "<channel>:<senderId>": the key of this chat account's identity and dialog. */
  identityKey: string;
  identity: ChannelIdentity | null;
  /** The sender's card, in private chats only (group messages are staff and agent business). */
  member: Member | null;
  services: BotServices;
}

export type Handler = (conv: Conversation, args: string) => Promise<Reply[]>;
/** A dialog's answer to the next message; null lets the message be handled as if no dialog were open. */
export type DialogStep = (conv: Conversation, state: DialogState) => Promise<Reply[] | null>;

/** The ledger context of an operation asked for by this message: its id is the idempotency key. */
export function operationContext(conv: Conversation, actor: Actor): OperationContext {
  return {
    requestKey: `${conv.identityKey}:${conv.msg.messageId}`,
    channel: conv.msg.channel,
    actor: { ...actor, channel: conv.msg.channel, chatId: conv.msg.chat.id, messageId: conv.msg.messageId },
  };
}

export function memberActor(conv: Conversation): Actor {
  return {
    kind: 'member',
    id: conv.member ? String(conv.member._id) : conv.identityKey,
    name: conv.msg.from.name,
  };
}
