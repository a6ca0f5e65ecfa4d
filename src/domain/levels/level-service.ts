// Members' levels: moving a member up when the programme says they have reached a higher one.
import type { Types } from 'mongoose';
import { MemberModel, type Member } from '../models/member.js';
import type { Level } from '../models/level.js';
import { currentMember, withMemberLock } from '../ledger/member-projection.js';
import { currentProgramme } from '../programme/programme-service.js';
import { enterListings, levelListing } from '../listings/listings.js';
import { changingTally } from '../tallies/member-tally.js';
import { levelHeld, upgradeFor } from '../programme/programme-rules.js';

export { levelById, entryLevel } from '../programme/programme-service.js';

export interface LevelStanding {
  /** The level the member held before. */
  current: Level | null;
  /** The level they were moved up to, or null when they stay. */
  upgradedTo: Level | null;
}

/**
 * Moves the member, as given (their standing now), up to the highest level it reaches; never down. The
 * one place a level changes: after a committed entry and in 更新等级. Safe to repeat.
 */
export async function moveUpIfDue(member: Member): Promise<LevelStanding> {
  const { levels, rules } = await currentProgramme();
  const current = levelHeld(levels, member.levelId);
  const upgradedTo = upgradeFor(levels, current, member, rules);
  if (upgradedTo) await placeAtLevel(member._id, upgradedTo._id);
  return { current, upgradedTo };
}

/** Writes a member's level and what follows it (their place in the level's listing, their tally). */
export async function placeAtLevel(memberId: Types.ObjectId, levelId: Types.ObjectId): Promise<void> {
  // Under the member's lock, so this process's projection writes cannot interleave with it.
  await changingTally(memberId, () =>
    withMemberLock(memberId, () => MemberModel.updateOne({ _id: memberId }, { $set: { levelId } })),
  );
  await enterListings(memberId, [levelListing(levelId)]);
}

/** Moves a member up by their card as the ledger says it is now (for 更新等级). */
export async function upgradeIfDue(
  memberId: Types.ObjectId,
): Promise<{ member: Member; level: Level } | null> {
  const member = await currentMember(memberId);
  if (!member) return null;
  const { upgradedTo } = await moveUpIfDue(member);
  return upgradedTo ? { member: { ...member, levelId: upgradedTo._id }, level: upgradedTo } : null;
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
