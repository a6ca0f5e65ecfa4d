// 我的投诉: the sender's complaints and where each stands.
import { ticketsOf } from '../../domain/tickets/ticket-service.js';
import { text } from '../types.js';
import { TICKETS } from '../templates/ticket-replies.js';
import type { MemberIntentSpec } from './member-intent.js';
import { ownerKeysOf } from './ticket-owners.js';

export const myTickets: MemberIntentSpec = {
  name: 'myTickets',
  words: ['我的投诉', '投诉进度', '/tickets'],
  readOnly: true,
  handle: async (conv) => {
    const tickets = await ticketsOf(...ownerKeysOf(conv));
    return [text(tickets.length ? TICKETS.list(tickets) : TICKETS.none)];
  },
};
