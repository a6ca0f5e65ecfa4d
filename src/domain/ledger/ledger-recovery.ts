// Rolls member projections forward to the end of their ledger chains after a crash left them behind.
import type { Types } from 'mongoose';
import { MemberModel } from '../models/member.js';
import { currentMember } from './member-projection.js';

export interface RecoveryResult {
  membersChecked: number;
  rolledForward: number;
}

/** Checks the given members, or every member: one probe of the slot after each projection. */
export async function recoverLedger(memberIds?: Types.ObjectId[]): Promise<RecoveryResult> {
  const result: RecoveryResult = { membersChecked: 0, rolledForward: 0 };
  const filter = memberIds ? { _id: { $in: memberIds } } : {};
  for await (const member of MemberModel.find(filter, { seq: 1 }).lean().cursor()) {
    result.membersChecked++;
    const current = await currentMember(member._id);
    if (current && current.seq > member.seq) result.rolledForward++;
  }
  return result;
}
