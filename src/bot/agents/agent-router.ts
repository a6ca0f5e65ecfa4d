// The support desk in chat: agents' group chats, and agents' private chats with the bot.
import { hasRole, staffById } from '../../domain/staff/staff-service.js';
import { ticketOwnerKey, ticketsOf } from '../../domain/tickets/ticket-service.js';
import { currentMember } from '../../domain/ledger/member-projection.js';
import { levelById } from '../../domain/levels/level-service.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import type { LedgerService } from '../../domain/ledger/ledger-service.js';
import type { Ticket } from '../../domain/models/ticket.js';
import type { Conversation } from '../conversation.js';
import type { GroupRouter } from '../group-router.js';
import { text, type Reply } from '../types.js';
import { DESK } from '../templates/ticket-replies.js';
import { agentCommandIn } from './agent-command.js';
import type { AgentContext } from './agent-command-spec.js';
import { AGENT_COMMANDS } from './commands/index.js';

const HELP_WORDS = new Set(['帮助', '菜单', 'help']);

export interface AgentRouterOptions {
  ledger: LedgerService;
  notices: NoticeService;
}

export class AgentRouter implements GroupRouter {
  readonly servesGroups = 'desk';

  constructor(private readonly options: AgentRouterOptions) {}

  claimsPrivate(raw: string): boolean {
    return agentCommandIn(raw) !== null;
  }

  async route(conv: Conversation): Promise<Reply[] | null> {
    // Asked in groups only for the desk's own (the chat engine checks), and in agents' private chats.
    const agentGroup = conv.msg.chat.kind === 'group';
    const parsed = agentCommandIn(conv.raw);
    // In the agents' group 帮助 lists the desk's commands (in private it stays the member's menu).
    if (!parsed && agentGroup && HELP_WORDS.has(conv.text))
      return [text(DESK.help(AGENT_COMMANDS.map((c) => c.usage)))];
    if (!parsed) return agentGroup ? [] : null; // colleagues chatting; in private, a member's message
    const staff = await staffById(conv.identity?.staffId);
    if (!staff?.active || !hasRole(staff, 'agent')) return agentGroup ? [text(DESK.notAgent)] : null;
    if (!parsed.command) return [text(DESK.usage(parsed.spec.usage))];
    const ctx: AgentContext = {
      agent: staff,
      ...this.options,
      ticketContext: (ticket) => this.context(ticket),
    };
    return parsed.spec.run(ctx, parsed.command);
  }

  /** Everything an agent needs to answer without leaving the chat. */
  private async context(ticket: Ticket): Promise<string> {
    const member = ticket.memberId ? await currentMember(ticket.memberId) : null;
    const level = member ? await levelById(member.levelId) : null;
    const entries = member ? await this.options.ledger.history(member._id, 5) : [];
    const previous = (await ticketsOf(ticketOwnerKey(ticket))).filter((t) => t._id !== ticket._id);
    return DESK.context(ticket, member, level, entries, previous);
  }
}
