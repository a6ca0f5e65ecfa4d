// Who a ticket is about and who holds it, by name: the console's queue shows people, not ids.
import type { Types } from 'mongoose';
import { MemberModel, type Member } from '../models/member.js';
import type { Ticket } from '../models/ticket.js';
import { maskPhone } from '../phone.js';
import { staffNames } from '../staff/staff-service.js';

export interface TicketMember {
  id: string;
  name: string | null;
  /** Masked (138****8000): enough to tell two members apart in a list. */
  phone: string;
}

export interface TicketPeople {
  members: Map<string, TicketMember>;
  /** Agents who took or answered the tickets. */
  staff: Map<string, string>;
}

/** The members and agents of a page of tickets, in two reads whatever its length. */
export async function ticketPeople(tickets: Ticket[]): Promise<TicketPeople> {
  const memberIds = [
    ...new Set(
      tickets
        .map((t) => t.memberId)
        .filter((id): id is Types.ObjectId => !!id)
        .map(String),
    ),
  ];
  const staffIds = tickets.flatMap((t) => [
    t.assigneeId ?? null,
    ...t.messages.map((m) => m.staffId ?? null),
  ]);
  const [found, staff] = await Promise.all([
    memberIds.length
      ? MemberModel.find({ _id: { $in: memberIds } }, { name: 1, phone: 1 }).lean<
          Pick<Member, '_id' | 'name' | 'phone'>[]
        >()
      : Promise.resolve([]),
    staffNames(staffIds),
  ]);
  const members = new Map(
    found.map((m) => [String(m._id), { id: String(m._id), name: m.name ?? null, phone: maskPhone(m.phone) }]),
  );
  return { members, staff };
}
