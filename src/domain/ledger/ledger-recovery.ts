// Rolls member projections forward to their newest ledger entry after a crash left them behind.
import type { Types } from 'mongoose';
import { LedgerEntryModel } from '../models/ledger-entry.js';
import { MemberModel } from '../models/member.js';
import { project } from './commit.js';

export interface RecoveryResult {
  membersChecked: number;
  rolledForward: number;
}

/** Checks members with entries since `since` (every member with an entry when omitted). */
export async function recoverLedger(since?: Date): Promise<RecoveryResult> {
  const newest = new Map<string, { memberId: Types.ObjectId; seq: number }>();
  const cursor = LedgerEntryModel.find(since ? { at: { $gte: since } } : {}, { memberId: 1, seq: 1 })
    .lean()
    .cursor();
  for await (const e of cursor) {
    const id = String(e.memberId);
    const known = newest.get(id);
    if (!known || known.seq < e.seq) newest.set(id, { memberId: e.memberId, seq: e.seq });
  }

  const result: RecoveryResult = { membersChecked: newest.size, rolledForward: 0 };
  const ids = [...newest.values()].map((n) => n.memberId);
  for (let i = 0; i < ids.length; i += 500) {
    const members = await MemberModel.find({ _id: { $in: ids.slice(i, i + 500) } }, { seq: 1 }).lean();
    for (const m of members) {
      const target = newest.get(String(m._id))!;
      if (m.seq >= target.seq) continue;
      const entry = await LedgerEntryModel.findOne({ memberId: m._id, seq: target.seq }).lean();
      if (entry) {
        await project(entry);
        result.rolledForward++;
      }
    }
  }
  return result;
}
