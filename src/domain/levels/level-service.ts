// Members' levels: moving a member up when the programme says they have reached a higher one.
import type { Types } from 'mongoose';
import { MemberModel, type Member } from '../models/member.js';
import type { Level } from '../models/level.js';
import { currentMember, withMemberLock } from '../ledger/commit.js';
import { currentProgramme } from '../programme/programme-service.js';
import { upgradeFor } from '../programme/programme-rules.js';

export { levelById, entryLevel } from '../programme/programme-service.js';

/**
 * Moves the member up to the highest level their standing reaches (never down). Returns the new level,
 * or null when they stay. Safe to repeat: a second call finds nothing to do.
 */
export async function upgradeIfDue(
  memberId: Types.ObjectId,
): Promise<{ member: Member; level: Level } | null> {
  const member = await currentMember(memberId);
  if (!member) return null;
  const { levels, rules } = await currentProgramme();
  const current = levels.find((l) => member.levelId && l._id.equals(member.levelId)) ?? null;
  const reached = upgradeFor(levels, current, member, rules);
  if (!reached) return null;
  // Under the member's lock, so this process's projection writes cannot interleave with it.
  await withMemberLock(memberId, () =>
    MemberModel.updateOne({ _id: memberId }, { $set: { levelId: reached._id } }),
  );
  return { member: { ...member, levelId: reached._id }, level: reached };
}

/** Every member's id, in _id order, a page at a time (for jobs that visit all members). */
export async function* allMemberIds(pageSize = 200): AsyncGenerator<Types.ObjectId[]> {
  let after: Types.ObjectId | null = null;
  for (;;) {
    const page: Array<{ _id: Types.ObjectId }> = await MemberModel.find(after ? { _id: { $gt: after } } : {})
      .sort({ _id: 1 })
      .limit(pageSize)
      .select({ _id: 1 })
      .lean<Array<{ _id: Types.ObjectId }>>();
    if (page.length === 0) return;
    yield page.map((m) => m._id);
    after = page.at(-1)!._id;
  }
}

export async function countMembers(): Promise<number> {
  return MemberModel.estimatedDocumentCount();
}
