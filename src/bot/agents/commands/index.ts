// The support desk's commands.
import type { AgentCommandSpec } from '../agent-command-spec.js';
import tickets from './tickets.js';
import take from './take.js';
import reply from './reply.js';
import close from './close.js';
import transfer from './transfer.js';

export const AGENT_COMMANDS: readonly AgentCommandSpec[] = [tickets, take, reply, close, transfer];
