// Whose tickets a sender may see and add to: their card's, and their chat account's from before it.
import { ticketOwnerKey } from '../../domain/tickets/ticket-service.js';
import type { Conversation } from '../conversation.js';

export function ownerKeysOf(conv: Conversation): string[] {
  const chat = ticketOwnerKey({ memberId: null, channel: conv.msg.channel, externalId: conv.msg.from.id });
  return conv.member ? [String(conv.member._id), chat] : [chat];
}
