// Levels: which one a member holds, and which comes next.
import type { Types } from 'mongoose';
import { LevelModel, type Level } from '../models/level.js';
import { MemberModel } from '../models/member.js';

export async function levelById(id: Types.ObjectId | null | undefined): Promise<Level | null> {
  return id ? LevelModel.findById(id).lean<Level>() : null;
}

/** The next level up, if any. */
export async function nextLevel(level: Level | null): Promise<Level | null> {
  const levels = await LevelModel.find().sort({ rank: 1 }).lean<Level[]>();
  if (!level) return levels[0] ?? null;
  return levels.find((l) => l.rank > level.rank) ?? null;
}

/** Moves a member up to the highest level their cumulative spend has reached (never down). */
export async function upgradeLevelIfDue(
  memberId: Types.ObjectId,
  currentLevelId: Types.ObjectId | null | undefined,
  spendFen: number,
): Promise<Level | null> {
  const levels = await LevelModel.find().sort({ rank: 1 }).lean<Level[]>();
  const current = levels.find((l) => currentLevelId && l._id.equals(currentLevelId));
  const reached = levels.filter((l) => l.upgradeSpendFen <= spendFen).at(-1);
  if (!reached || (current && reached.rank <= current.rank)) return null;
  await MemberModel.updateOne({ _id: memberId }, { $set: { levelId: reached._id } });
  return reached;
}
