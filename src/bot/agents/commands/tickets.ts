// 工单 [编号]: the open tickets, oldest first; or one ticket with its context.
import { now } from '../../../domain/clock.js';
import { openTickets, requireTicket } from '../../../domain/tickets/ticket-service.js';
import { staffNames } from '../../../domain/staff/staff-service.js';
import { text } from '../../types.js';
import { DESK } from '../../templates/ticket-replies.js';
import { agentCommand } from '../agent-command-spec.js';

type Tickets = { kind: 'list' } | { kind: 'show'; ticketNo: string };

export default agentCommand<Tickets>({
  word: '工单',
  usage: '工单 [编号]',
  parse: (ticketNo, _tail, hadNumber) =>
    !hadNumber ? { kind: 'list' } : ticketNo ? { kind: 'show', ticketNo } : null,
  async run(ctx, command) {
    if (command.kind === 'show')
      return [text(await ctx.ticketContext(await requireTicket(command.ticketNo)))];
    const tickets = await openTickets();
    if (!tickets.length) return [text(DESK.empty)];
    const ids = tickets.flatMap((t) => (t.assigneeId ? [t.assigneeId] : []));
    return [text(DESK.list(tickets, now(), await staffNames(ids)))];
  },
});
