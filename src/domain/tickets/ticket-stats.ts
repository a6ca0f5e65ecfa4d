// The desk's figures: open, overdue, median first-response time, average rating, per agent, per week.
import dayjs from 'dayjs';
import { BUSINESS_TZ, now } from '../clock.js';
import { TicketModel, type Ticket } from '../models/ticket.js';
import { slaStateOf } from './ticket-service.js';

export interface TicketFigures {
  total: number;
  open: number;
  overdue: number;
  closed: number;
  medianFirstResponseMinutes: number | null;
  averageRating: number | null;
  ratings: number;
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function figures(tickets: Ticket[]): TicketFigures {
  const at = now();
  const responses = tickets
    .filter((t) => t.firstResponseAt)
    .map((t) => (t.firstResponseAt!.getTime() - t.createdAt.getTime()) / 60_000);
  const ratings = tickets.map((t) => t.rating).filter((r): r is number => typeof r === 'number' && r > 0);
  const m = median(responses);
  return {
    total: tickets.length,
    open: tickets.filter((t) => t.status !== 'closed').length,
    overdue: tickets.filter((t) => slaStateOf(t, at) === 'overdue').length,
    closed: tickets.filter((t) => t.status === 'closed').length,
    medianFirstResponseMinutes: m === null ? null : Math.round(m),
    averageRating: ratings.length
      ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100
      : null,
    ratings: ratings.length,
  };
}

/** ISO week in business time, e.g. "2026-W48" (computed here: the engines share no date operators). */
function weekOf(date: Date): string {
  const d = dayjs(date).tz(BUSINESS_TZ);
  const thursday = d.add(3 - ((d.day() + 6) % 7), 'day');
  const week = Math.floor((thursday.diff(thursday.startOf('year'), 'day') + 0) / 7) + 1;
  return `${thursday.year()}-W${String(week).padStart(2, '0')}`;
}

export async function ticketStats() {
  const tickets = await TicketModel.find().lean<Ticket[]>();
  const byAgent = new Map<string, Ticket[]>();
  const byWeek = new Map<string, Ticket[]>();
  for (const t of tickets) {
    if (t.assigneeId) byAgent.set(String(t.assigneeId), [...(byAgent.get(String(t.assigneeId)) ?? []), t]);
    const w = weekOf(t.createdAt);
    byWeek.set(w, [...(byWeek.get(w) ?? []), t]);
  }
  return {
    ...figures(tickets),
    perAgent: [...byAgent].map(([staffId, ts]) => ({ staffId, ...figures(ts) })),
    perWeek: [...byWeek]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([week, ts]) => ({ week, ...figures(ts) })),
  };
}
