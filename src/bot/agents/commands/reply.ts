// 回复 <编号> <内容>: the answer goes to the member on the channel they complained on.
import { replyToTicket } from '../../../domain/tickets/ticket-service.js';
import { text } from '../../types.js';
import { DESK } from '../../templates/ticket-replies.js';
import { tellMemberOfReply } from '../desk-notices.js';
import { agentCommand } from '../agent-command-spec.js';

export default agentCommand<{ kind: 'reply'; ticketNo: string; text: string }>({
  word: '回复',
  usage: '回复 <编号> <内容>，如：回复 T7K2QX 您好，积分已补录',
  parse: (ticketNo, tail) => (ticketNo && tail ? { kind: 'reply', ticketNo, text: tail } : null),
  async run(ctx, c) {
    const ticket = await replyToTicket(c.ticketNo, ctx.agent, c.text);
    await tellMemberOfReply(ctx.notices, ticket, c.text);
    return [text(DESK.replied(ticket))];
  },
});
