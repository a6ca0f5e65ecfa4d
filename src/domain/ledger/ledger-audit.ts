// Verifies the books: per member, the ledger's deltas add up to the balance and points on the card.
import type { Types } from 'mongoose';
import { LedgerEntryModel } from '../models/ledger-entry.js';
import { MemberModel } from '../models/member.js';
import { groupSums } from '../group-sums.js';

export interface AuditProblem {
  memberId: string;
  problem: 'balance' | 'points' | 'entries';
  card: number;
  ledger: number;
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
  const report: AuditReport = { membersChecked: 0, entriesChecked: 0, problems: [] };

  const cursor = MemberModel.find(memberIds ? { _id: { $in: memberIds } } : {}, {
    balanceFen: 1,
    points: 1,
    seq: 1,
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
  }
  return report;
}
