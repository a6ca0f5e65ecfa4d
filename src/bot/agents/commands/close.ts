// 结单 <编号> [说明]: the ticket is closed and the member asked to rate it.
import { closeTicket } from '../../../domain/tickets/ticket-service.js';
import { text } from '../../types.js';
import { DESK } from '../../templates/ticket-replies.js';
import { askMemberToRate } from '../desk-notices.js';
import { agentCommand } from '../agent-command-spec.js';

export default agentCommand<{ kind: 'close'; ticketNo: string; note?: string }>({
  word: '结单',
  usage: '结单 <编号> [说明]，如：结单 T7K2QX 已补录积分',
  parse: (ticketNo, tail) => (ticketNo ? { kind: 'close', ticketNo, ...(tail ? { note: tail } : {}) } : null),
  async run(ctx, c) {
    const ticket = await closeTicket(c.ticketNo, ctx.agent, c.note);
    await askMemberToRate(ctx.notices, ticket);
    return [text(DESK.closed(ticket))];
  },
});
