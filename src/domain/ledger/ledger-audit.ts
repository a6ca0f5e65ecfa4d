// Verifies the books: per member, the ledger's deltas add up to the balance and points on the card.
import type { Types } from 'mongoose';
import { LedgerEntryModel, type LedgerEntry } from '../models/ledger-entry.js';
import { MemberModel } from '../models/member.js';
import { groupSums } from '../group-sums.js';

export interface AuditProblem {
  memberId: string;
  problem: 'balance' | 'points' | 'entries' | 'countCard';
  card: number;
  ledger: number;
  countCardId?: string;
}

export interface AuditReport {
  membersChecked: number;
  entriesChecked: number;
  problems: AuditProblem[];
}

export async function auditLedger(memberIds?: Types.ObjectId[]): Promise<AuditReport> {
  const match = memberIds ? { memberId: { $in: memberIds } } : {};
  const totals = await groupSums(LedgerEntryModel, match, '$memberId', {
    balance: '$balanceDeltaFen',
    points: '$pointsDelta',
    entries: 1,
  });
  const byMember = new Map(totals.map((t) => [String(t._id), t]));
  const usesByMember = await countCardUses(match);
  const report: AuditReport = { membersChecked: 0, entriesChecked: 0, problems: [] };

  const cursor = MemberModel.find(memberIds ? { _id: { $in: memberIds } } : {}, {
    balanceFen: 1,
    points: 1,
    seq: 1,
    countCards: 1,
  })
    .lean()
    .cursor();
  for await (const member of cursor) {
    const id = String(member._id);
    const t = byMember.get(id) ?? { balance: 0, points: 0, entries: 0 };
    report.membersChecked++;
    report.entriesChecked += t.entries;
    if (t.balance !== member.balanceFen)
      report.problems.push({ memberId: id, problem: 'balance', card: member.balanceFen, ledger: t.balance });
    if (t.points !== member.points)
      report.problems.push({ memberId: id, problem: 'points', card: member.points, ledger: t.points });
    // seq is the projection's position in the chain; the chain must be exactly that long.
    if (t.entries !== member.seq)
      report.problems.push({ memberId: id, problem: 'entries', card: member.seq, ledger: t.entries });
    const uses = usesByMember.get(id) ?? new Map<string, number>();
    const onCard = (member.countCards ?? {}) as Record<string, number>;
    for (const cardId of new Set([...uses.keys(), ...Object.keys(onCard)])) {
      const ledger = uses.get(cardId) ?? 0;
      const card = onCard[cardId] ?? 0;
      if (ledger !== card)
        report.problems.push({ memberId: id, problem: 'countCard', card, ledger, countCardId: cardId });
    }
  }
  return report;
}

/** Per member and count card, the uses the ledger added and took (sales, uses and their reversals). */
async function countCardUses(match: object): Promise<Map<string, Map<string, number>>> {
  const byMember = new Map<string, Map<string, number>>();
  const cursor = LedgerEntryModel.find(
    { ...match, 'details.countCardId': { $exists: true } },
    { memberId: 1, 'details.countCardId': 1, 'details.countCardUses': 1 },
  )
    .lean<Pick<LedgerEntry, 'memberId' | 'details'>>()
    .cursor();
  for await (const e of cursor) {
    const cards = byMember.get(String(e.memberId)) ?? new Map<string, number>();
    const id = String(e.details.countCardId);
    cards.set(id, (cards.get(id) ?? 0) + Number(e.details.countCardUses ?? 0));
    byMember.set(String(e.memberId), cards);
  }
  return byMember;
}
