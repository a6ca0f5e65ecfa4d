// The complaints desk over HTTP: list and filter, read, take, answer, close; figures; agents' groups.
import { z } from 'zod';
import { DomainError } from '../../../domain/errors.js';
import { now } from '../../../domain/clock.js';
import type { Staff } from '../../../domain/models/staff.js';
import { TICKET_STATUSES, type Ticket } from '../../../domain/models/ticket.js';
import { staffById } from '../../../domain/staff/staff-service.js';
import { addAgentGroup } from '../../../domain/tickets/agent-groups.js';
import {
  closeTicket,
  listTickets,
  replyToTicket,
  requireTicket,
  slaStateOf,
  takeTicket,
} from '../../../domain/tickets/ticket-service.js';
import { ticketStats } from '../../../domain/tickets/ticket-stats.js';
import { ticketPeople, type TicketPeople } from '../../../domain/tickets/ticket-people.js';
import { askMemberToRate, tellMemberOfReply } from '../../../bot/agents/desk-notices.js';
import type { Principal } from '../auth.js';
import { route } from '../route-table.js';

function ticketView(t: Ticket, people: TicketPeople) {
  const staffName = (id: unknown) => (id ? (people.staff.get(String(id)) ?? null) : null);
  return {
    id: t._id,
    memberId: t.memberId ? String(t.memberId) : null,
    /** Name and masked phone; null for someone without a card (or a member since removed). */
    member: t.memberId ? (people.members.get(String(t.memberId)) ?? null) : null,
    channel: t.channel,
    text: t.text,
    status: t.status,
    sla: slaStateOf(t, now()),
    assigneeId: t.assigneeId ? String(t.assigneeId) : null,
    assigneeName: staffName(t.assigneeId),
    messages: t.messages.map((m) => ({
      from: m.from,
      text: m.text,
      at: m.at,
      staffName: staffName(m.staffId),
    })),
    createdAt: t.createdAt,
    dueAt: t.dueAt,
    firstResponseAt: t.firstResponseAt ?? null,
    closedAt: t.closedAt ?? null,
    rating: t.rating ?? null,
  };
}

/** Tickets as the desk reads them, with the names of their members and agents. */
async function ticketViews(tickets: Ticket[]) {
  const people = await ticketPeople(tickets);
  return tickets.map((t) => ticketView(t, people));
}

async function oneView(ticket: Ticket) {
  return (await ticketViews([ticket]))[0]!;
}

/** Ticket work is done as a person: a staff token, not the bootstrap admin token. */
async function agentOf(principal: Principal): Promise<Staff> {
  const staff = await staffById(principal.staffId);
  if (!staff) throw new DomainError('FORBIDDEN', 'use a staff token to work on tickets');
  return staff;
}

export const ticketRoutes = [
  route({
    method: 'get',
    path: '/api/tickets',
    summary: 'Tickets, oldest first; filter by status or overdue; `newest=N`: the N newest, newest first',
    tag: 'tickets',
    roles: ['agent'],
    query: z.object({
      status: z.enum(TICKET_STATUSES).optional(),
      overdue: z.enum(['true', 'false']).optional(),
      newest: z.coerce.number().int().min(1).max(500).optional(),
    }),
    async handler({ query }) {
      const tickets = await listTickets(query.status, query.newest);
      const at = now();
      const order = query.newest ? -1 : 1;
      const chosen = tickets
        .filter(
          (t) =>
            query.overdue === undefined || (slaStateOf(t, at) === 'overdue') === (query.overdue === 'true'),
        )
        .sort((a, b) => order * (a.createdAt.getTime() - b.createdAt.getTime()));
      return { body: { tickets: await ticketViews(chosen) } };
    },
  }),
  route({
    method: 'get',
    path: '/api/tickets/stats',
    summary: 'Open, overdue, median first-response minutes, average rating; per agent and per week',
    tag: 'tickets',
    roles: ['agent', 'manager'],
    async handler() {
      return { body: await ticketStats() };
    },
  }),
  route({
    method: 'get',
    path: '/api/tickets/:id',
    summary: 'One ticket with its messages',
    tag: 'tickets',
    roles: ['agent'],
    async handler({ params }) {
      return { body: await oneView(await requireTicket(params.id!)) };
    },
  }),
  route({
    method: 'post',
    path: '/api/tickets/:id/assign',
    summary: 'Take an unassigned ticket',
    tag: 'tickets',
    roles: ['agent'],
    async handler({ params, principal }) {
      return { body: await oneView(await takeTicket(params.id!, await agentOf(principal))) };
    },
  }),
  route({
    method: 'post',
    path: '/api/tickets/:id/reply',
    summary: 'Answer the member (sent on the channel they complained on)',
    tag: 'tickets',
    roles: ['agent'],
    body: z.object({ text: z.string().min(1).max(1000) }),
    async handler({ params, body, principal, services }) {
      const ticket = await replyToTicket(params.id!, await agentOf(principal), body.text);
      await tellMemberOfReply(services.notices, ticket, body.text);
      return { body: await oneView(ticket) };
    },
  }),
  route({
    method: 'post',
    path: '/api/tickets/:id/close',
    summary: 'Close a ticket; the member is asked to rate it',
    tag: 'tickets',
    roles: ['agent'],
    body: z.object({ note: z.string().max(500).optional() }),
    async handler({ params, body, principal, services }) {
      const ticket = await closeTicket(params.id!, await agentOf(principal), body.note);
      await askMemberToRate(services.notices, ticket);
      return { body: await oneView(ticket) };
    },
  }),
  route({
    method: 'post',
    path: '/api/agent-groups',
    summary: 'Make a group chat an agents’ group (new tickets and SLA alerts are posted there)',
    tag: 'tickets',
    roles: ['owner'],
    body: z.object({ channel: z.string().min(1).max(20), chatId: z.string().min(1).max(200) }),
    async handler({ body }) {
      return { status: 201, body: { id: await addAgentGroup(body.channel, body.chatId) } };
    },
  }),
];
