// Members' side of the complaints desk: 投诉, 补充, 我的投诉, and the rating after a ticket is closed.
import { DomainError } from '../../domain/errors.js';
import { addMemberMessage, openTicket, rateTicket, ticketsOf } from '../../domain/tickets/ticket-service.js';
import { endDialog, saveDialog } from '../../domain/conversation/dialog-store.js';
import { tellAgentGroups } from '../agents/desk-notices.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import type { Conversation, DialogStep, Handler } from '../conversation.js';
import { text, type Reply } from '../types.js';
import { NOT_BOUND } from '../templates/member-replies.js';
import { DESK, TICKETS } from '../templates/ticket-replies.js';

export const COMPLAIN_FLOW = 'complain';

export function complaintHandlers(notices: NoticeService) {
  async function file(conv: Conversation, body: string): Promise<Reply[]> {
    if (!conv.member) return [text(NOT_BOUND)];
    if (!body.trim()) return [text(TICKETS.empty)];
    if (!(await conv.services.throttles.complaint.allow(conv.identityKey))) {
      throw new DomainError('RATE_LIMITED', 'too many complaints');
    }
    const ticket = await openTicket({
      memberId: conv.member._id,
      channel: conv.msg.channel,
      externalId: conv.msg.from.id,
      text: body.trim().slice(0, 1000),
    });
    await tellAgentGroups(notices, `ticket:${ticket._id}:new`, DESK.newTicket(ticket));
    return [text(TICKETS.opened(ticket))];
  }

  const complain: Handler = async (conv, args) => {
    if (!conv.member) return [text(NOT_BOUND)];
    if (args) return file(conv, args);
    await saveDialog(conv.identityKey, COMPLAIN_FLOW, 'text');
    return [text(TICKETS.askText)];
  };

  const supplement: Handler = async (conv, args) => {
    if (!conv.member) return [text(NOT_BOUND)];
    const [no, ...rest] = args.split(/\s+/);
    if (!no || !rest.length) return [text(TICKETS.supplementUsage)];
    return [text(TICKETS.supplemented(await addMemberMessage(no, conv.member._id, rest.join(' '))))];
  };

  const myTickets: Handler = async (conv) => {
    if (!conv.member) return [text(NOT_BOUND)];
    const tickets = await ticketsOf(conv.member._id);
    return [text(tickets.length ? TICKETS.list(tickets) : TICKETS.none)];
  };

  const complainSteps: Record<string, DialogStep> = {
    text: async (conv) => {
      await endDialog(conv.identityKey);
      return file(conv, conv.raw);
    },
  };

  /** After a ticket is closed, a bare 1–5 is its rating; anything else is an ordinary message. */
  const rateSteps: Record<string, DialogStep> = {
    rating: async (conv, state) => {
      await endDialog(conv.identityKey);
      if (!/^[1-5]$/.test(conv.text) || !conv.member) return null;
      const rated = await rateTicket(String(state.data.ticketId), conv.member._id, Number(conv.text));
      return rated ? [text(TICKETS.thanks(Number(conv.text)))] : null;
    },
  };

  return { complain, supplement, myTickets, complainSteps, rateSteps };
}
