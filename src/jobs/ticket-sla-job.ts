// Every few minutes: tickets without a first answer become "at risk" at 20 h and "overdue" at 24 h, and
// the agents' groups are told once per change.
import type Bull from 'bull';
import { sweepSla } from '../domain/tickets/ticket-service.js';
import { tellAgentGroups } from '../bot/agents/desk-notices.js';
import type { NoticeService } from '../domain/notifications/notice-service.js';
import { DESK } from '../bot/templates/ticket-replies.js';
import { createQueue, type QueueSettings } from './queue-factory.js';

export const TICKET_SLA_QUEUE = 'ticket-sla';

export async function runSlaSweep(notices: NoticeService): Promise<{ announced: number }> {
  const changes = await sweepSla();
  for (const { ticket, state } of changes) {
    await tellAgentGroups(notices, `sla:${ticket._id}:${state}`, DESK.sla(ticket, state));
  }
  return { announced: changes.length };
}

export async function startTicketSla(settings: QueueSettings, notices: NoticeService): Promise<Bull.Queue> {
  const queue = createQueue<Record<string, never>>(TICKET_SLA_QUEUE, settings);
  void queue.process(() => runSlaSweep(notices));
  await queue.add({}, { repeat: { every: 5 * 60_000 }, jobId: 'ticket-sla' });
  return queue;
}
