// 接单 <编号>: an agent takes a ticket (one agent wins a race) and sees its context.
import { takeTicket } from '../../../domain/tickets/ticket-service.js';
import { text } from '../../types.js';
import { agentCommand } from '../agent-command-spec.js';

export default agentCommand<{ kind: 'take'; ticketNo: string }>({
  word: '接单',
  usage: '接单 <编号>，如：接单 T7K2QX',
  parse: (ticketNo) => (ticketNo ? { kind: 'take', ticketNo } : null),
  async run(ctx, c) {
    return [text(await ctx.ticketContext(await takeTicket(c.ticketNo, ctx.agent)))];
  },
});
