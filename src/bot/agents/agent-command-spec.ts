// The declaration every support-desk command makes, one file each under ./commands: its word, its form,
// how it reads a ticket number and the rest of the line, and what it does.
import type { LedgerService } from '../../domain/ledger/ledger-service.js';
import type { NoticeService } from '../../domain/notifications/notice-service.js';
import type { Staff } from '../../domain/models/staff.js';
import type { Ticket } from '../../domain/models/ticket.js';
import type { Reply } from '../types.js';

export interface AgentContext {
  agent: Staff;
  ledger: LedgerService;
  notices: NoticeService;
  /** Everything an agent needs to answer a ticket without leaving the chat. */
  ticketContext(ticket: Ticket): Promise<string>;
}

export type AgentCommand = { kind: string } & Record<string, unknown>;

export interface AgentCommandSpec {
  word: string;
  usage: string;
  /** The command from the ticket number (already checked, or undefined) and the rest; null: wrong form. */
  parse(ticketNo: string | undefined, tail: string, hadNumber: boolean): AgentCommand | null;
  run(ctx: AgentContext, command: AgentCommand): Promise<Reply[]>;
}

/** Declares a command whose parse and run agree on the command's shape. */
export function agentCommand<C extends AgentCommand>(spec: {
  word: string;
  usage: string;
  parse(ticketNo: string | undefined, tail: string, hadNumber: boolean): C | null;
  run(ctx: AgentContext, command: C): Promise<Reply[]>;
}): AgentCommandSpec {
  return spec as unknown as AgentCommandSpec;
}
