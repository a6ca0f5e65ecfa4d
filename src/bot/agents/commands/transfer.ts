// 转单 <编号> <同事>: a held ticket changes hands only this way.
import { activeStaffByName, hasRole } from '../../../domain/staff/staff-service.js';
import { transferTicket } from '../../../domain/tickets/ticket-service.js';
import { text } from '../../types.js';
import { DESK } from '../../templates/ticket-replies.js';
import { agentCommand } from '../agent-command-spec.js';

export default agentCommand<{ kind: 'transfer'; ticketNo: string; colleague: string }>({
  word: '转单',
  usage: '转单 <编号> <同事姓名>，如：转单 T7K2QX 客服小李',
  parse: (ticketNo, tail) => (ticketNo && tail ? { kind: 'transfer', ticketNo, colleague: tail } : null),
  async run(ctx, c) {
    const colleague = await activeStaffByName(c.colleague);
    if (!colleague || !hasRole(colleague, 'agent')) return [text(DESK.colleagueNotFound(c.colleague))];
    return [text(DESK.transferred(await transferTicket(c.ticketNo, ctx.agent, colleague), colleague.name))];
  },
});
