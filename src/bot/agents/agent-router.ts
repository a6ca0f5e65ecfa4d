// The support desk in chat: agents' group chats, and agents' private chats with the bot.
import type { Staff } from '../../domain/models/staff.js';
import { activeStaffByName, hasRole, staffById, staffNames } from '../../domain/staff/staff-service.js';
import { isAgentGroup } from '../../domain/tickets/agent-groups.js';
import {
  closeTicket,
  openTickets,
  replyToTicket,
  requireTicket,
  takeTicket,
  ticketsOf,
  transferTicket,
} from '../../domain/tickets/ticket-service.js';
import { currentMember } from '../../domain/ledger/commit.js';
import { levelById } from '../../domain/levels/level-service.js';
import { now } from '../../domain/clock.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import type { LedgerService } from '../../domain/ledger/ledger-service.js';
import type { Ticket } from '../../domain/models/ticket.js';
import type { Conversation } from '../conversation.js';
import type { GroupRouter } from '../group-router.js';
import { text, type Reply } from '../types.js';
import { DESK } from '../templates/ticket-replies.js';
import { askMemberToRate, tellMemberOfReply } from './desk-notices.js';
import { parseAgentCommand, type AgentCommand } from './agent-command.js';

export interface AgentRouterOptions {
  ledger: LedgerService;
  notices: NoticeService;
}

export class AgentRouter implements GroupRouter {
  constructor(private readonly options: AgentRouterOptions) {}

  async route(conv: Conversation): Promise<Reply[] | null> {
    const inGroup = conv.msg.chat.kind === 'group';
    const agentGroup = inGroup && (await isAgentGroup(conv.msg.channel, conv.msg.chat.id));
    if (inGroup && !agentGroup) return null;
    const parsed = parseAgentCommand(conv.raw);
    if (!parsed) return agentGroup ? [] : null; // colleagues chatting; in private, a member's message
    const staff = await staffById(conv.identity?.staffId);
    if (!staff?.active || !hasRole(staff, 'agent')) return agentGroup ? [text(DESK.notAgent)] : null;
    if (!parsed.ok) return [text(DESK.usage(parsed.usage))];
    return this.run(parsed.command, staff);
  }

  private async run(command: AgentCommand, agent: Staff): Promise<Reply[]> {
    switch (command.kind) {
      case 'list': {
        const tickets = await openTickets();
        if (!tickets.length) return [text(DESK.empty)];
        const ids = tickets.flatMap((t) => (t.assigneeId ? [t.assigneeId] : []));
        return [text(DESK.list(tickets, now(), await staffNames(ids)))];
      }
      case 'show':
        return [text(await this.context(await requireTicket(command.ticketNo)))];
      case 'take':
        return [text(await this.context(await takeTicket(command.ticketNo, agent)))];
      case 'reply': {
        const ticket = await replyToTicket(command.ticketNo, agent, command.text);
        await tellMemberOfReply(this.options.notices, ticket, command.text);
        return [text(DESK.replied(ticket))];
      }
      case 'close': {
        const ticket = await closeTicket(command.ticketNo, agent, command.note);
        await askMemberToRate(this.options.notices, ticket);
        return [text(DESK.closed(ticket))];
      }
      case 'transfer': {
        const colleague = await activeStaffByName(command.colleague);
        if (!colleague || !hasRole(colleague, 'agent')) {
          return [text(DESK.colleagueNotFound(command.colleague))];
        }
        return [
          text(DESK.transferred(await transferTicket(command.ticketNo, agent, colleague), colleague.name)),
        ];
      }
    }
  }

  /** Everything an agent needs to answer without leaving the chat. */
  private async context(ticket: Ticket): Promise<string> {
    const member = await currentMember(ticket.memberId);
    const level = member ? await levelById(member.levelId) : null;
    const entries = member ? await this.options.ledger.history(member._id, 5) : [];
    const previous = (await ticketsOf(ticket.memberId)).filter((t) => t._id !== ticket._id);
    return DESK.context(ticket, member, level, entries, previous);
  }
}
