// The complaints desk: members open tickets; agents take, answer, hand over and close them; members rate.
import { Types } from 'mongoose';
import { randomInt } from 'node:crypto';
import { DomainError } from '../errors.js';
import { now } from '../clock.js';
import { KeyedLock } from '../keyed-lock.js';
import {
  MemberTicketsModel,
  SlaAnnouncementModel,
  TicketAssignmentModel,
  TicketModel,
  TICKET_STATUSES,
  type SlaState,
  type Ticket,
} from '../models/ticket.js';
import type { Staff } from '../models/staff.js';
import { hasRole } from '../staff/staff-service.js';
import { insertOnce } from '../insert-once.js';

export const MAX_OPEN_TICKETS = 3;
export const FIRST_ANSWER_DUE_MS = 24 * 3600_000;
export const AT_RISK_AFTER_MS = 20 * 3600_000;

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
// Messages of one ticket are appended one at a time in this process (FerretDB replaces whole documents).
const perTicket = new KeyedLock();

export function normalizeTicketNo(text: string): string {
  const t = text.trim().toUpperCase();
  return t.startsWith('T') ? t : `T${t}`;
}

export async function requireTicket(no: string): Promise<Ticket> {
  const ticket = await TicketModel.findById(normalizeTicketNo(no)).lean<Ticket>();
  if (!ticket) throw new DomainError('TICKET_NOT_FOUND', `no ticket ${no}`);
  return ticket;
}

/** Who owns a ticket: the member, or the chat account of someone without a card. */
export interface TicketOwner {
  memberId: Types.ObjectId | null;
  channel: string;
  externalId: string;
}

export function ticketOwnerKey(owner: TicketOwner): string {
  return owner.memberId ? String(owner.memberId) : `chat:${owner.channel}:${owner.externalId}`;
}

const ownerDocId = (key: string) => (/^[0-9a-f]{24}$/.test(key) ? new Types.ObjectId(key) : key);

/** The owners' tickets, newest first (a member who complained before getting a card passes both keys). */
export async function ticketsOf(...ownerKeys: string[]): Promise<Ticket[]> {
  const docs = await Promise.all(ownerKeys.map((k) => MemberTicketsModel.findById(ownerDocId(k)).lean()));
  const ids = [...new Set(docs.flatMap((d) => d?.ticketIds ?? []))];
  const tickets = await Promise.all(ids.map((id) => TicketModel.findById(id).lean<Ticket>()));
  return tickets
    .filter((t): t is Ticket => t !== null)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

export async function openTicket(input: TicketOwner & { text: string }): Promise<Ticket> {
  const owner = ticketOwnerKey(input);
  const open = (await ticketsOf(owner)).filter((t) => t.status !== 'closed');
  if (open.length >= MAX_OPEN_TICKETS) throw new DomainError('TICKET_LIMIT', 'too many open tickets');
  const at = now();
  for (let attempt = 0; ; attempt++) {
    let no = 'T';
    for (let i = 0; i < 5; i++) no += ALPHABET[randomInt(0, ALPHABET.length)];
    const ticket: Ticket = {
      _id: no,
      ...input,
      status: 'open',
      assigneeId: null,
      assignGen: 0,
      messages: [{ from: 'member', text: input.text, at }],
      createdAt: at,
      dueAt: new Date(at.getTime() + FIRST_ANSWER_DUE_MS),
      firstResponseAt: null,
      closedAt: null,
      closeNote: null,
      rating: null,
      sla: 'ok',
    };
    if (!(await insertOnce(TicketModel, ticket))) {
      if (attempt < 5) continue; // that number was taken: draw another
      throw new DomainError('CONCURRENT_UPDATE', 'could not allocate a ticket number; try again');
    }
    await MemberTicketsModel.updateOne(
      { _id: ownerDocId(owner) },
      { $push: { ticketIds: no } },
      { upsert: true },
    );
    return ticket;
  }
}

export function addMemberMessage(no: string, ownerKeys: string[], text: string): Promise<Ticket> {
  return perTicket.run(normalizeTicketNo(no), async () => {
    const ticket = await requireTicket(no);
    if (!ownerKeys.includes(ticketOwnerKey(ticket)))
      throw new DomainError('TICKET_NOT_FOUND', 'not your ticket');
    if (ticket.status === 'closed') throw new DomainError('TICKET_CLOSED', 'ticket closed');
    await TicketModel.updateOne(
      { _id: ticket._id },
      { $push: { messages: { from: 'member', text, at: now() } } },
    );
    return requireTicket(no);
  });
}

/**
 * Gives the ticket to `to`. Each assignment takes the next generation by inserting "<ticket>:<gen>", so of
 * two agents taking the same ticket at once exactly one succeeds, on any engine.
 */
async function assign(ticket: Ticket, to: Staff): Promise<void> {
  const gen = ticket.assignGen + 1;
  const taken = await insertOnce(TicketAssignmentModel, {
    _id: `${ticket._id}:${gen}`,
    ticketId: ticket._id,
    staffId: to._id,
    at: now(),
  });
  if (!taken) throw new DomainError('TICKET_TAKEN', 'someone else took this ticket just now');
  await TicketModel.updateOne(
    { _id: ticket._id },
    {
      $set: {
        assigneeId: to._id,
        assignGen: gen,
        ...(ticket.status === 'open' ? { status: 'assigned' } : {}),
      },
    },
  );
}

/** 接单: an unassigned ticket becomes mine; one someone else holds needs their 转单. */
export async function takeTicket(no: string, agent: Staff): Promise<Ticket> {
  const ticket = await requireTicket(no);
  if (ticket.status === 'closed') throw new DomainError('TICKET_CLOSED', 'ticket closed');
  if (ticket.assigneeId?.equals(agent._id)) return ticket;
  if (ticket.assigneeId) throw new DomainError('TICKET_TAKEN', 'assigned to someone else');
  await assign(ticket, agent);
  return requireTicket(no);
}

function mustHold(ticket: Ticket, agent: Staff): void {
  if (ticket.status === 'closed') throw new DomainError('TICKET_CLOSED', 'ticket closed');
  if (!ticket.assigneeId?.equals(agent._id) && !hasRole(agent, 'admin')) {
    throw new DomainError('NOT_ASSIGNEE', 'not your ticket');
  }
}

/** 转单: the holder hands the ticket to a colleague. */
export async function transferTicket(no: string, from: Staff, to: Staff): Promise<Ticket> {
  const ticket = await requireTicket(no);
  mustHold(ticket, from);
  await assign(ticket, to);
  return requireTicket(no);
}

/** 回复: the holder answers (an unassigned ticket is taken first). */
export async function replyToTicket(no: string, agent: Staff, text: string): Promise<Ticket> {
  let ticket = await requireTicket(no);
  if (!ticket.assigneeId) ticket = await takeTicket(no, agent);
  mustHold(ticket, agent);
  return perTicket.run(ticket._id, async () => {
    const at = now();
    await TicketModel.updateOne(
      { _id: ticket._id },
      {
        $push: { messages: { from: 'agent', staffId: agent._id, text, at } },
        $set: { status: 'replied', ...(ticket.firstResponseAt ? {} : { firstResponseAt: at }) },
      },
    );
    return requireTicket(no);
  });
}

/** 结单. */
export async function closeTicket(no: string, agent: Staff, note?: string): Promise<Ticket> {
  const ticket = await requireTicket(no);
  mustHold(ticket, agent);
  await TicketModel.updateOne(
    { _id: ticket._id },
    { $set: { status: 'closed', closedAt: now(), closeNote: note ?? null } },
  );
  return requireTicket(no);
}

/** The member's 1–5 rating of a closed ticket; only the first one counts. */
export async function rateTicket(no: string, ownerKey: string, rating: number): Promise<Ticket | null> {
  const ticket = await requireTicket(no);
  if (ticketOwnerKey(ticket) !== ownerKey || ticket.status !== 'closed' || ticket.rating) return null;
  await TicketModel.updateOne({ _id: ticket._id }, { $set: { rating } });
  return requireTicket(no);
}

export function slaStateOf(ticket: Ticket, at: Date): SlaState {
  if (ticket.firstResponseAt || ticket.status === 'closed') return 'ok';
  const age = at.getTime() - ticket.createdAt.getTime();
  if (age >= FIRST_ANSWER_DUE_MS) return 'overdue';
  if (age >= AT_RISK_AFTER_MS) return 'at_risk';
  return 'ok';
}

/** Tickets still waiting for a first answer (oldest first), the agents' work list. */
export async function openTickets(): Promise<Ticket[]> {
  const tickets = await TicketModel.find({
    status: { $in: TICKET_STATUSES.filter((s) => s !== 'closed') },
  }).lean<Ticket[]>();
  return tickets.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Marks tickets without a first answer as at risk (20 h) or overdue (24 h). Returns the changes not
 * announced before: each state of each ticket is announced once.
 */
export async function sweepSla(): Promise<Array<{ ticket: Ticket; state: SlaState }>> {
  const at = now();
  const changed: Array<{ ticket: Ticket; state: SlaState }> = [];
  for (const ticket of await openTickets()) {
    const state = slaStateOf(ticket, at);
    if (state === ticket.sla) continue;
    await TicketModel.updateOne({ _id: ticket._id }, { $set: { sla: state } });
    if (state === 'ok') continue;
    if (await insertOnce(SlaAnnouncementModel, { _id: `${ticket._id}:${state}`, at })) {
      changed.push({ ticket: { ...ticket, sla: state }, state });
    }
  }
  return changed;
}

/**
 * Tickets, optionally of one status (the desk's list over HTTP); with `newest`, only that many, newest
 * first (closed tickets pile up for years; the desk reads the recent ones).
 */
export async function listTickets(status?: Ticket['status'], newest?: number): Promise<Ticket[]> {
  const found = TicketModel.find(status ? { status } : {});
  return (newest ? found.sort({ createdAt: -1 }).limit(newest) : found).lean<Ticket[]>();
}
