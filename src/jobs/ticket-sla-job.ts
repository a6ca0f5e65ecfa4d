// Every few minutes: tickets without a first answer become "at risk" at 20 h and "overdue" at 24 h, and
// the agents' groups are told once per change.
import { sweepSla } from '../domain/tickets/ticket-service.js';
import { agentGroups } from '../domain/tickets/agent-groups.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import type { JobPlugin } from './job-plugin.js';

export async function runSlaSweep(notices: NoticeService): Promise<{ announced: number }> {
  const changes = await sweepSla();
  const groups = changes.length ? await agentGroups() : [];
  for (const { ticket, state } of changes) {
    for (const group of groups) {
      await notices.notifyChatOf(group.channel, group.chatId, `sla:${ticket._id}:${state}:${group.id}`, {
        kind: 'ticketSla',
        ticket,
        state,
      });
    }
  }
  return { announced: changes.length };
}

export const ticketSlaJob: JobPlugin = {
  name: 'ticket-sla',
  schedules: () => [{ id: 'ticket-sla', data: {}, schedule: { every: 5 * 60_000 } }],
  process: (_job, { notices }) => runSlaSweep(notices),
};
