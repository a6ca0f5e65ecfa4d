// Support agents' commands, parsed by the registry's declarations (./commands).
import { toHalfWidth } from '../../domain/money.js';
import { AGENT_COMMANDS } from './commands/index.js';
import type { AgentCommand, AgentCommandSpec } from './agent-command-spec.js';

export type { AgentCommand };

export type ParsedAgent = { ok: true; command: AgentCommand } | { ok: false; usage: string };

const TICKET = /^t?[2-9a-hj-km-np-z]{5}$/i;

/** Null when the text is not an agent command. */
export function parseAgentCommand(text: string): ParsedAgent | null {
  const found = agentCommandIn(text);
  if (!found) return null;
  return found.command ? { ok: true, command: found.command } : { ok: false, usage: found.spec.usage };
}

/** The command a text asks for, with its declaration; command is null when the form is wrong. */
export function agentCommandIn(
  text: string,
): { spec: AgentCommandSpec; command: AgentCommand | null } | null {
  const normalized = toHalfWidth(text)
    .replace(/\u3000/g, ' ')
    .trim();
  const [word, no, ...rest] = normalized.split(/\s+/);
  const spec = AGENT_COMMANDS.find((c) => c.word === word);
  if (!spec) return null;
  const ticketNo = no && TICKET.test(no) ? no.toUpperCase().replace(/^(?!T)/, 'T') : undefined;
  const command = spec.parse(ticketNo, rest.join(' ').trim(), no !== undefined);
  return { spec, command };
}
