// What the desk tells people, whichever door an agent used (chat or HTTP): the member hears the answer
// and the closing on the channel they complained on; the agents' groups hear of new and late tickets.
import { saveDialog } from '../../domain/conversation/dialog-store.js';
import type { Ticket } from '../../domain/models/ticket.js';
import { agentGroups } from '../../domain/tickets/agent-groups.js';
import { ticketOwnerKey } from '../../domain/tickets/ticket-service.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import { TICKETS } from '../templates/ticket-replies.js';

export const RATE_FLOW = 'rate';
const RATE_WINDOW_MS = 24 * 3600_000;

export async function tellMemberOfReply(notices: NoticeService, ticket: Ticket, text: string): Promise<void> {
  await notices.notifyIdentity(
    ticket.channel,
    ticket.externalId,
    `ticket:${ticket._id}:reply:${ticket.messages.length}`,
    TICKETS.reply(ticket, text),
  );
}

/** Tells the member the ticket is closed and takes their next bare digit (within a day) as the rating. */
export async function askMemberToRate(notices: NoticeService, ticket: Ticket): Promise<void> {
  await saveDialog(
    `${ticket.channel}:${ticket.externalId}`,
    RATE_FLOW,
    'rating',
    { ticketId: ticket._id, owner: ticketOwnerKey(ticket) },
    RATE_WINDOW_MS,
  );
  await notices.notifyIdentity(
    ticket.channel,
    ticket.externalId,
    `ticket:${ticket._id}:closed`,
    TICKETS.closed(ticket),
  );
}

/** Posts to every agents' group, once per `key`. */
export async function tellAgentGroups(notices: NoticeService, key: string, text: string): Promise<void> {
  for (const group of await agentGroups()) {
    await notices.notifyIdentity(group.channel, group.chatId, `${key}:${group.id}`, text);
  }
}
