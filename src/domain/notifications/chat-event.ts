// What a staff or agents' group chat is told without being asked, as data (like MemberEvent): jobs say
// what happened, the chat templates decide the words (src/bot/templates/chat-notices.ts).
import type { StoreReport } from '../reports/store-report.js';
import type { Store } from '../models/store.js';
import type { SlaState, Ticket } from '../models/ticket.js';

export type ChatEvent =
  | { kind: 'levelsRecomputed'; checked: number; upgraded: number; told: number }
  | { kind: 'monthlyReport'; store: Store; report: StoreReport; staffNames: Map<string, string> }
  | { kind: 'ticketSla'; ticket: Ticket; state: SlaState };

export type ChatEventRenderer = (event: ChatEvent) => string;
