// Complaints (工单): a member's text, the conversation with the agents, its deadline and its rating.
import { Schema, model, type Types } from 'mongoose';

export const TICKET_STATUSES = ['open', 'assigned', 'replied', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type SlaState = 'ok' | 'at_risk' | 'overdue';

export interface TicketMessage {
  from: 'member' | 'agent';
  staffId?: Types.ObjectId | null;
  text: string;
  at: Date;
}

export interface Ticket {
  /** The ticket number people type ("T" + 5 characters). */
  _id: string;
  /** Null when someone who is not (yet) a member complained: the chat account owns the ticket. */
  memberId: Types.ObjectId | null;
  /** Where the complaint came from. */
  channel: string;
  externalId: string;
  text: string;
  status: TicketStatus;
  assigneeId?: Types.ObjectId | null;
  /** Bumped by every assignment; each generation can be taken once (see TicketAssignment). */
  assignGen: number;
  messages: TicketMessage[];
  createdAt: Date;
  dueAt: Date;
  firstResponseAt?: Date | null;
  closedAt?: Date | null;
  closeNote?: string | null;
  rating?: number | null;
  sla: SlaState;
}

const ticketSchema = new Schema<Ticket>(
  {
    _id: { type: String, required: true },
    memberId: { type: Schema.Types.ObjectId, default: null },
    channel: { type: String, required: true },
    externalId: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: TICKET_STATUSES, default: 'open' },
    assigneeId: { type: Schema.Types.ObjectId, default: null },
    assignGen: { type: Number, default: 0 },
    messages: {
      type: [{ from: String, staffId: Schema.Types.ObjectId, text: String, at: Date }],
      default: [],
    },
    createdAt: { type: Date, required: true },
    dueAt: { type: Date, required: true },
    firstResponseAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    closeNote: { type: String, default: null },
    rating: { type: Number, default: null },
    sla: { type: String, default: 'ok' },
  },
  { versionKey: false },
);

ticketSchema.index({ status: 1, createdAt: 1 }); // the complaints queue
export const TicketModel = model<Ticket>('Ticket', ticketSchema);

/** "<ticket>:<generation>": inserting it is taking the ticket; only one agent can take each generation. */
export interface TicketAssignment {
  _id: string;
  ticketId: string;
  staffId: Types.ObjectId;
  at: Date;
}

export const TicketAssignmentModel = model<TicketAssignment>(
  'TicketAssignment',
  new Schema<TicketAssignment>(
    { _id: String, ticketId: String, staffId: Schema.Types.ObjectId, at: Date },
    { versionKey: false },
  ),
);

/** "<ticket>:<state>": an SLA state announced to the agents, once. */
export const SlaAnnouncementModel = model<{ _id: string; at: Date }>(
  'SlaAnnouncement',
  new Schema<{ _id: string; at: Date }>({ _id: String, at: Date }, { versionKey: false }),
);

/**
 * An owner's tickets, so 我的投诉 is lookups by _id: keyed by the member's id, or by "chat:<channel>:<id>"
 * for someone who complained without a card.
 */
export const MemberTicketsModel = model<{ _id: Types.ObjectId | string; ticketIds: string[] }>(
  'MemberTickets',
  new Schema<{ _id: Types.ObjectId | string; ticketIds: string[] }>(
    { _id: Schema.Types.Mixed, ticketIds: { type: [String], default: [] } },
    { versionKey: false },
  ),
  'membertickets',
);

/** Group chats where support agents work ("<channel>:<chatId>"). */
export const AgentGroupModel = model<{ _id: string }>(
  'AgentGroup',
  new Schema<{ _id: string }>({ _id: String }, { versionKey: false }),
  'agentgroups',
);
