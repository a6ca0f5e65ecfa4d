// Every few minutes: tickets without a first answer become "at risk" at 20 h and "overdue" at 24 h, and
// the agents' groups are told once per change.
import { sweepSla } from '../domain/tickets/ticket-service.js';
import { tellAgentGroups } from '../bot/agents/desk-notices.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import { DESK } from '../bot/templates/ticket-replies.js';
import type { JobPlugin } from './job-plugin.js';

export async function runSlaSweep(notices: NoticeService): Promise<{ announced: number }> {
  const changes = await sweepSla();
  for (const { ticket, state } of changes) {
    await tellAgentGroups(notices, `sla:${ticket._id}:${state}`, DESK.sla(ticket, state));
  }
  return { announced: changes.length };
}

export const ticketSlaJob: JobPlugin = {
  name: 'ticket-sla',
  schedules: () => [{ id: 'ticket-sla', data: {}, schedule: { every: 5 * 60_000 } }],
  process: (_job, { notices }) => runSlaSweep(notices),
};
