// The words for what group chats are told without asking (the domain's ChatEvents).
import type { ChatEvent } from '../../domain/notifications/chat-event.js';
import { RECOMPUTE } from './programme-replies.js';
import { reportReply } from './staff-replies.js';
import { DESK } from './ticket-replies.js';

export function renderChatEvent(event: ChatEvent): string {
  switch (event.kind) {
    case 'levelsRecomputed':
      return RECOMPUTE.done(event.checked, event.upgraded, event.told);
    case 'monthlyReport':
      return reportReply(event.store, event.report, event.staffNames);
    case 'ticketSla':
      return DESK.sla(event.ticket, event.state);
  }
}
