// 补充 <工单号> <内容>: a member adds to their own complaint; the agents' groups hear of it.
import { addMemberMessage } from '../../domain/tickets/ticket-service.js';
import { tellAgentGroups } from '../agents/desk-notices.js';
import { text } from '../types.js';
import { DESK, TICKETS } from '../templates/ticket-replies.js';
import type { MemberIntentSpec } from './member-intent.js';
import { ownerKeysOf } from './ticket-owners.js';

export const supplement: MemberIntentSpec = {
  name: 'supplement',
  words: ['补充'],
  handle: async (conv, args) => {
    const [no, ...rest] = args.split(/\s+/);
    if (!no || !rest.length) return [text(TICKETS.supplementUsage)];
    const added = rest.join(' ').slice(0, 1000);
    const ticket = await addMemberMessage(no, ownerKeysOf(conv), added);
    await tellAgentGroups(
      conv.services.notices,
      `ticket:${ticket._id}:supplement:${ticket.messages.length}`,
      DESK.supplemented(ticket, added),
    );
    return [text(TICKETS.supplemented(ticket))];
  },
};
